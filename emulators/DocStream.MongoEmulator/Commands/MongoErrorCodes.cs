namespace DocStream.MongoEmulator.Commands;

/// <summary>The MongoDB server error codes (and their code names) the emulator answers with.</summary>
internal static class MongoErrorCodes
{
    public const int InternalError = 1;
    public const int BadValue = 2;
    public const int FailedToParse = 9;
    public const int TypeMismatch = 14;
    public const int Unauthorized = 13;
    public const int AuthenticationFailed = 18;
    public const int IllegalOperation = 20;
    public const int NamespaceNotFound = 26;
    public const int IndexNotFound = 27;
    public const int PathNotViable = 28;
    public const int CursorNotFound = 43;
    public const int NamespaceExists = 48;
    public const int CommandNotFound = 59;
    public const int ImmutableField = 66;
    public const int InvalidOptions = 72;
    public const int InvalidNamespace = 73;
    public const int IndexOptionsConflict = 85;
    public const int IndexKeySpecsConflict = 86;
    public const int CommandNotSupported = 115;
    public const int InvalidPipelineOperator = 168;
    public const int Location40324UnrecognizedStage = 40324;
    public const int DuplicateKey = 11000;

    public static string NameOf(int code) => code switch
    {
        InternalError => "InternalError",
        BadValue => "BadValue",
        FailedToParse => "FailedToParse",
        TypeMismatch => "TypeMismatch",
        Unauthorized => "Unauthorized",
        AuthenticationFailed => "AuthenticationFailed",
        IllegalOperation => "IllegalOperation",
        NamespaceNotFound => "NamespaceNotFound",
        IndexNotFound => "IndexNotFound",
        PathNotViable => "PathNotViable",
        CursorNotFound => "CursorNotFound",
        NamespaceExists => "NamespaceExists",
        CommandNotFound => "CommandNotFound",
        ImmutableField => "ImmutableField",
        InvalidOptions => "InvalidOptions",
        InvalidNamespace => "InvalidNamespace",
        IndexOptionsConflict => "IndexOptionsConflict",
        IndexKeySpecsConflict => "IndexKeySpecsConflict",
        CommandNotSupported => "CommandNotSupported",
        InvalidPipelineOperator => "InvalidPipelineOperator",
        DuplicateKey => "DuplicateKey",
        _ => "Location" + code,
    };
}
