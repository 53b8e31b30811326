// The umbrella module for embedding the engine: `import Lakehouse` brings in every layer.
@_exported import Columnar
@_exported import Parquet
@_exported import LakeJSON
@_exported import TextFormats
@_exported import Delta
@_exported import Query
@_exported import Pipeline
@_exported import Jobs
