public enum CheckerCoreVersion { public static let schema = 1 }
