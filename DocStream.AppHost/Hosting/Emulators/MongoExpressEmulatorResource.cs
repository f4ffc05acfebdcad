namespace DocStream.AppHost.Hosting.Emulators;

/// <summary>
/// Mongo Express (the npm package, run by Node) in front of the MongoDB emulator, for looking at raw documents in
/// emulator mode; containers mode has the <c>mongo-express</c> image instead. Signs in with basic auth only.
/// </summary>
public sealed class MongoExpressEmulatorResource(string name, string workingDirectory, ParameterResource userName, ParameterResource password)
    : ExecutableResource(name, "node", workingDirectory)
{
    internal const string HttpEndpointName = "http";

    /// <summary>The basic-auth user name: a generated parameter, never a published default.</summary>
    public ParameterResource UserNameParameter { get; } = userName;

    /// <summary>The basic-auth password: a generated secret parameter.</summary>
    public ParameterResource PasswordParameter { get; } = password;
}
