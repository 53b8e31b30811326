import Columnar

/// A Parquet file's schema: the flattened elements, the leaf columns with their levels, and
/// the in-memory ``Columnar/Schema`` the file's rows decode to.
///
/// Lists and maps follow the rules of LogicalTypes.md, including the backward-compatibility
/// rules for legacy two-level lists (`repeated` primitives, `array` and `_tuple` groups) and
/// un-annotated repeated fields.
public struct ParquetSchema: Hashable, Sendable {
    /// The elements as stored in the footer (depth first; element 0 is the root).
    public let elements: [SchemaElement]
    /// The leaf columns, in column-chunk order.
    public let leaves: [ColumnDescriptor]
    /// The top-level fields as in-memory types.
    public let schema: Schema
    /// For each top-level field, the leaves it spans.
    public let fieldLeaves: [Range<Int>]
    /// For each top-level field, how its values map to levels.
    let levelNodes: [LevelNode]

    /// Field metadata key holding a Parquet field id.
    public static let fieldIDKey = "parquet.field.id"
    /// Field metadata key holding a logical type annotation the in-memory type cannot express
    /// (UUID, JSON, BSON, ENUM, UNKNOWN), so that rewriting a file keeps it.
    public static let logicalTypeKey = "parquet.logical_type"
    /// The annotations kept under ``logicalTypeKey``, by name.
    static let preservedLogicalTypes: [String: LogicalType] = [
        "UUID": .uuid, "JSON": .json, "BSON": .bson, "ENUM": .enum, "UNKNOWN": .unknown,
    ]

    /// Nesting deeper than this is refused (a hostile footer cannot recurse without bound).
    static let maxDepth = 64

    /// Interprets footer schema elements.
    public init(elements: [SchemaElement]) throws {
        guard let root = elements.first else {
            throw ParquetError(.corruptMetadata, "the schema has no elements")
        }
        guard let rootChildren = root.numChildren, rootChildren >= 0 else {
            throw ParquetError(.corruptMetadata, "the schema root '\(root.name)' has no num_children")
        }
        var builder = Builder(elements: elements)
        var fields: [Field] = []
        var nodes: [LevelNode] = []
        var ranges: [Range<Int>] = []
        var position = 1
        for _ in 0..<rootChildren {
            let tree = try builder.parseTree(at: &position, depth: 1)
            let start = builder.leaves.count
            let (field, node) = try builder.convert(tree, def: 0, rep: 0, path: [])
            fields.append(field)
            nodes.append(node)
            ranges.append(start..<builder.leaves.count)
        }
        guard position == elements.count else {
            throw ParquetError(.corruptMetadata, "the schema declares \(position) elements but the footer has \(elements.count)")
        }
        self.elements = elements
        leaves = builder.leaves
        schema = Schema(fields)
        fieldLeaves = ranges
        levelNodes = nodes
    }

    /// The leaf whose dotted path is `path`.
    public func leaf(path: String) -> ColumnDescriptor? {
        leaves.first { $0.dottedPath == path }
    }

    /// A parsed schema node (elements are flat in the footer; this is the tree).
    struct Tree {
        var element: SchemaElement
        var children: [Tree]
    }

    struct Builder {
        let elements: [SchemaElement]
        var leaves: [ColumnDescriptor] = []

        func parseTree(at position: inout Int, depth: Int) throws -> Tree {
            guard depth <= ParquetSchema.maxDepth else {
                throw ParquetError(.corruptMetadata, "the schema nests deeper than \(ParquetSchema.maxDepth) levels")
            }
            guard position < elements.count else {
                throw ParquetError(.corruptMetadata, "the schema ends inside a group (element \(position) of \(elements.count))")
            }
            let element = elements[position]
            position += 1
            guard let n = element.numChildren, element.type == nil || n > 0 else {
                guard element.type != nil else {
                    throw ParquetError(.corruptMetadata, "schema element '\(element.name)' has neither a type nor children")
                }
                return Tree(element: element, children: [])
            }
            guard n >= 0, n <= elements.count - position else {
                throw ParquetError(.corruptMetadata, "schema element '\(element.name)' declares \(n) children, more than the schema holds")
            }
            var children: [Tree] = []
            children.reserveCapacity(Int(n))
            for _ in 0..<n { children.append(try parseTree(at: &position, depth: depth + 1)) }
            if children.isEmpty {
                throw ParquetError(.corruptMetadata, "schema group '\(element.name)' has no children")
            }
            return Tree(element: element, children: children)
        }

        /// Maps a tree node to a field and its level plan. `def`/`rep` are the parent's levels.
        mutating func convert(_ tree: Tree, def parentDef: Int, rep parentRep: Int, path: [String]) throws -> (Field, LevelNode) {
            let element = tree.element
            let repetition = element.repetitionType ?? .required
            let path = path + [element.name]
            if repetition == .repeated {
                // A bare repeated field: a required list of required elements.
                let def = parentDef + 1, rep = parentRep + 1
                let first = leaves.count
                var inner = tree
                inner.element.repetitionType = .required
                let (elementField, elementNode) = try convertRequired(inner, def: def, rep: rep, path: path)
                let field = Field(element.name, .list(elementField), nullable: false, metadata: metadata(of: element))
                return (field, .list(element: elementNode, nullDef: nil, elementDef: def, repLevel: rep, firstLeaf: first))
            }
            return try convertRequired(tree, def: parentDef, rep: parentRep, path: path, repetition: repetition)
        }

        mutating func convertRequired(
            _ tree: Tree, def parentDef: Int, rep: Int, path: [String], repetition: FieldRepetitionType = .required
        ) throws -> (Field, LevelNode) {
            let element = tree.element
            let optional = repetition == .optional
            let def = parentDef + (optional ? 1 : 0)
            let nullDef: Int? = optional ? def : nil
            let meta = metadata(of: element)
            let first = leaves.count

            if tree.children.isEmpty {
                guard let physical = element.type else {
                    throw ParquetError(.corruptMetadata, "schema element has no physical type", column: path.joined(separator: "."))
                }
                let valueType = try ParquetSchema.valueType(of: element, physical: physical, path: path)
                leaves.append(ColumnDescriptor(
                    leafIndex: leaves.count, path: path, element: element, physicalType: physical,
                    maxDefinitionLevel: def, maxRepetitionLevel: rep, valueType: valueType))
                return (Field(element.name, valueType, nullable: optional, metadata: meta), .leaf(leaf: first, maxDef: def))
            }

            let isList = element.logicalType == .list || element.convertedType == .list
            let isMap = element.logicalType == .map || element.convertedType == .map || element.convertedType == .mapKeyValue
            if (isList || isMap), tree.children.count == 1, tree.children[0].element.repetitionType == .repeated {
                let repeated = tree.children[0]
                let elementDef = def + 1, elementRep = rep + 1
                let innerPath = path + [repeated.element.name]
                if isMap, repeated.children.count == 2 {
                    let (keyField, keyNode) = try convert(repeated.children[0], def: elementDef, rep: elementRep, path: innerPath)
                    let (valueField, valueNode) = try convert(repeated.children[1], def: elementDef, rep: elementRep, path: innerPath)
                    var key = keyField
                    key.nullable = false
                    return (
                        Field(element.name, .map(key: key, value: valueField), nullable: optional, metadata: meta),
                        .map(key: keyNode, value: valueNode, nullDef: nullDef, elementDef: elementDef, repLevel: elementRep, firstLeaf: first)
                    )
                }
                // A list (or a map whose key_value group has an unexpected shape: read as a list of structs).
                let elementIsRepeatedNode = repeated.children.isEmpty || repeated.children.count > 1
                    || repeated.element.name == "array" || repeated.element.name == element.name + "_tuple" || isMap
                let elementField: Field, elementNode: LevelNode
                if elementIsRepeatedNode {
                    var node = repeated
                    node.element.repetitionType = .required
                    (elementField, elementNode) = try convertRequired(node, def: elementDef, rep: elementRep, path: path)
                } else {
                    (elementField, elementNode) = try convert(repeated.children[0], def: elementDef, rep: elementRep, path: innerPath)
                }
                return (
                    Field(element.name, .list(elementField), nullable: optional, metadata: meta),
                    .list(element: elementNode, nullDef: nullDef, elementDef: elementDef, repLevel: elementRep, firstLeaf: first)
                )
            }

            // A struct.
            var fields: [Field] = []
            var nodes: [LevelNode] = []
            for child in tree.children {
                let (f, n) = try convert(child, def: def, rep: rep, path: path)
                fields.append(f)
                nodes.append(n)
            }
            return (Field(element.name, .struct(fields), nullable: optional, metadata: meta), .structure(children: nodes, nullDef: nullDef, firstLeaf: first))
        }

        func metadata(of element: SchemaElement) -> [String: String] {
            var out: [String: String] = [:]
            if let id = element.fieldID { out[ParquetSchema.fieldIDKey] = String(id) }
            if let name = ParquetSchema.preservedLogicalTypes.first(where: { $0.value == element.logicalType })?.key {
                out[ParquetSchema.logicalTypeKey] = name
            }
            return out
        }
    }
}
