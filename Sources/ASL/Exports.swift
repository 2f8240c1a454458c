// The JSON value type is ASL's vocabulary: every module that imports ASL sees it.
@_exported import JSON
