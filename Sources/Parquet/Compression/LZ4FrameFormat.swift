import CLZ4

/// The LZ4 frame format (`lz4frame.h`), read only as a fallback for `LZ4` pages from old writers.
enum LZ4FrameFormat {
    /// Decodes one or more concatenated LZ4 frames that fill `output` exactly and consume all of
    /// `input`; false on any error or size mismatch. Both pointers are non-nil.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else { return false }
        defer { LZ4F_freeDecompressionContext(context) }
        let src = input.baseAddress!, dst = output.baseAddress!
        var inOffset = 0, outOffset = 0
        while true {
            var consumed = input.count - inOffset
            var produced = output.count - outOffset
            let hint = LZ4F_decompress(context, dst + outOffset, &produced, src + inOffset, &consumed, nil)
            guard LZ4F_isError(hint) == 0 else { return false }
            inOffset += consumed
            outOffset += produced
            // A frame ended (hint 0) with all input used: done. Otherwise another frame follows
            // (the context is ready for it) or the current one wants more.
            if hint == 0 && inOffset == input.count { break }
            // No progress: no input left, or no room left for the output.
            if consumed == 0 && produced == 0 { return false }
        }
        return outOffset == output.count
    }
}
