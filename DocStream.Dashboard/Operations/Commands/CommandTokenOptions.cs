namespace DocStream.Dashboard.Operations.Commands;

/// <summary>
/// <c>DocStream:Dashboard:CommandToken</c>: the secret the AppHost's commands in the Aspire dashboard present to act
/// as an operator. The AppHost generates one per run and sets it in run mode only; unset, the command routes do not
/// exist.
/// </summary>
public sealed class CommandTokenOptions
{
    public const string Section = "DocStream:Dashboard";

    public string? CommandToken { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(CommandToken);
}
