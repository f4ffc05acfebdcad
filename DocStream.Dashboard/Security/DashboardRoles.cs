namespace DocStream.Dashboard.Security;

/// <summary>
/// The dashboard's two roles and the policies built on them. Viewers read every page; operators also change the
/// pipeline (pause, resume, re-drive, rewind). Every operator is a viewer.
/// </summary>
public static class DashboardRoles
{
    public const string Viewer = "viewer";

    /// <summary>The same value the service defaults trust for detailed health (<c>Extensions.OperatorRole</c>).</summary>
    public const string Operator = Microsoft.Extensions.Hosting.Extensions.OperatorRole;

    /// <summary>Policy of every page, the Blazor hub and every data endpoint.</summary>
    public const string ViewerPolicy = "DocStream.Viewer";

    /// <summary>Policy of every action that changes the pipeline; checked on the server whatever the UI shows.</summary>
    public const string OperatorPolicy = "DocStream.Operator";
}
