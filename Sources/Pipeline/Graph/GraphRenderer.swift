import Foundation

/// The dependency graph as text for a terminal, or as Mermaid or Graphviz DOT for a picture.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// Indented text, one dataset a line, in topological order with its inputs.
    case text
    /// A Mermaid `flowchart LR`.
    case mermaid
    /// A Graphviz `digraph`.
    case dot
}

extension DependencyGraph {
    /// Renders the graph.
    public func render(_ format: GraphFormat) -> String {
        switch format {
        case .text: renderText()
        case .mermaid: renderMermaid()
        case .dot: renderDot()
        }
    }

    func label(_ name: String) -> String {
        guard let d = pipeline.dataset(name) else { return name }
        var parts = [d.kind.displayName]
        if d.applyChanges != nil { parts.append("upsert by " + d.applyChanges!.keys.joined(separator: ", ")) }
        if !d.expectations.isEmpty { parts.append("\(d.expectations.count) expectation" + (d.expectations.count == 1 ? "" : "s")) }
        return parts.joined(separator: ", ")
    }

    func inputsText(_ name: String) -> [String] {
        guard let d = pipeline.dataset(name) else { return [] }
        if let s = d.source { return ["\(s.format.rawValue) files in \(s.path)"] }
        let streaming = Set(queries[name]?.streamingInputs ?? [])
        return (upstream[name] ?? []).map { streaming.contains($0) ? "STREAM(\($0))" : $0 } + (external[name] ?? []).map { $0 + " (external)" }
    }

    func renderText() -> String {
        var lines = ["pipeline \(pipeline.name): \(order.count) datasets, storage \(pipeline.storage)"]
        let width = order.map(\.count).max() ?? 0
        for name in order {
            lines.append("  " + name.padding(width) + "  " + label(name))
            for input in inputsText(name) { lines.append("  " + String(repeating: " ", count: width) + "    ← " + input) }
        }
        return lines.joined(separator: "\n")
    }

    static func nodeID(_ name: String) -> String { name.replacingOccurrences(of: ".", with: "_") }

    func renderMermaid() -> String {
        var lines = ["flowchart LR"]
        var sources: [String] = []
        for name in order {
            let d = pipeline.dataset(name)
            let shape = d?.kind == .materializedView ? ("[[", "]]") : ("[", "]")
            lines.append("  \(Self.nodeID(name))\(shape.0)\"\(name)<br/><small>\(label(name))</small>\"\(shape.1)")
            if let s = d?.source {
                let id = Self.nodeID(name) + "_files"
                sources.append("  \(id)[(\"\(s.format.rawValue) files<br/>\(s.path.split(separator: "/").suffix(2).joined(separator: "/"))\")] --> \(Self.nodeID(name))")
            }
        }
        lines += sources
        for name in order {
            let streaming = Set(queries[name]?.streamingInputs ?? [])
            for u in upstream[name] ?? [] {
                lines.append("  \(Self.nodeID(u)) \(streaming.contains(u) ? "-- stream -->" : "-->") \(Self.nodeID(name))")
            }
            for e in external[name] ?? [] {
                lines.append("  \(Self.nodeID(e)){{\"\(e)\"}} --> \(Self.nodeID(name))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func renderDot() -> String {
        var lines = ["digraph \"\(pipeline.name)\" {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for name in order {
            let d = pipeline.dataset(name)
            let style = d?.kind == .materializedView ? ", style=\"rounded,filled\", fillcolor=\"#fff3c4\"" : ", style=filled, fillcolor=\"#d8ecff\""
            lines.append("  \"\(name)\" [label=\"\(name)\\n\(label(name))\"\(style)];")
            if let s = d?.source {
                lines.append("  \"\(name) files\" [shape=folder, label=\"\(s.format.rawValue) files\\n\(s.path.split(separator: "/").suffix(2).joined(separator: "/"))\"];")
                lines.append("  \"\(name) files\" -> \"\(name)\";")
            }
        }
        for name in order {
            let streaming = Set(queries[name]?.streamingInputs ?? [])
            for u in upstream[name] ?? [] {
                lines.append("  \"\(u)\" -> \"\(name)\"\(streaming.contains(u) ? " [label=\"stream\"]" : "");")
            }
            for e in external[name] ?? [] {
                lines.append("  \"\(e)\" [shape=cylinder];")
                lines.append("  \"\(e)\" -> \"\(name)\";")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
