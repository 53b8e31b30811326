// The umbrella module for embedding the engine: `import Lakehouse` brings in every layer.
@_exported import Columnar
@_exported import Parquet
