import Columnar

extension DeltaTable {
    /// `ALTER TABLE ADD CONSTRAINT name CHECK (expression)`: validates every existing row
    /// first (a table with violating rows keeps its old constraints, and the error counts
    /// them), then records `delta.constraints.<name>` in the table configuration and upgrades
    /// the protocol to support `checkConstraints` (writer version 3, or the feature on table
    /// features protocols).
    @discardableResult
    public func addConstraint(_ name: String, check expression: String, evaluator: (any CheckEvaluator)? = nil) throws -> CommitResult {
        let snapshot = try self.snapshot()
        try TableFeatures.checkWritable(snapshot.protocol, location: location)
        let key = TableConstraints.key(name)
        if let existing = snapshot.configuration.first(where: { $0.key.lowercased() == key })?.value {
            throw DeltaError(.invalidArgument,
                "constraint '\(name)' already exists as CHECK (\(existing)); drop it first", table: location)
        }
        let check = TableConstraints.Check(name: name.lowercased(), expression: expression)
        let evaluator = evaluator ?? PredicateCheckEvaluator()
        do {
            try evaluator.prepare(check, schema: snapshot.schema)
        } catch var error as DeltaError {
            if error.table == nil { error.table = location }
            throw error
        }
        // Every live row must already satisfy it.
        var violating = 0
        var sample: String?
        var batches = try Scan(snapshot: snapshot, storage: storage).batches()
        while let batch = try batches.next() {
            let rows = try evaluator.violations(of: check, in: batch)
            if sample == nil, let first = rows.first { sample = ConstraintChecker.describe(batch, Int(first)) }
            violating += rows.count
        }
        if violating > 0 {
            throw DeltaError(.constraintViolation,
                "\(violating) row(s) in the table violate the new CHECK constraint \(check.name) (\(expression)), for example the row with values: \(sample ?? "")",
                table: location)
        }
        var metadata = snapshot.metadata
        metadata.configuration[key] = expression
        let transaction = Transaction(table: self, readSnapshot: snapshot, operation: "ADD CONSTRAINT")
        transaction.operationParameters = ["name": check.name, "expr": expression]
        transaction.readWholeTable = true
        transaction.isolationLevel = .serializable
        let newProtocol = ProtocolPlanner.plan(for: snapshot.schema, configuration: metadata.configuration, current: snapshot.protocol)
        if newProtocol != snapshot.protocol { transaction.add(.protocol(newProtocol)) }
        transaction.add(.metadata(metadata))
        return try transaction.commit()
    }

    /// `ALTER TABLE DROP CONSTRAINT [IF EXISTS] name`: removes `delta.constraints.<name>`.
    /// Returns nil when the constraint does not exist and `ifExists` is set.
    @discardableResult
    public func dropConstraint(_ name: String, ifExists: Bool = false) throws -> CommitResult? {
        let snapshot = try self.snapshot()
        try TableFeatures.checkWritable(snapshot.protocol, location: location)
        let key = TableConstraints.key(name)
        guard let stored = snapshot.configuration.keys.first(where: { $0.lowercased() == key }) else {
            if ifExists { return nil }
            let names = TableConstraints(snapshot).checks.map(\.name)
            throw DeltaError(.invalidArgument,
                "the table has no constraint '\(name)' (constraints: \(names.isEmpty ? "none" : names.joined(separator: ", "))); use DROP CONSTRAINT IF EXISTS to ignore this",
                table: location)
        }
        var metadata = snapshot.metadata
        let expression = metadata.configuration.removeValue(forKey: stored) ?? ""
        let transaction = Transaction(table: self, readSnapshot: snapshot, operation: "DROP CONSTRAINT")
        transaction.operationParameters = ["name": name.lowercased(), "expr": expression]
        transaction.add(.metadata(metadata))
        return try transaction.commit()
    }
}
