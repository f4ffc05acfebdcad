using System.Net;
using System.Text.RegularExpressions;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>Reads what a browser would submit from the dashboard's static forms.</summary>
public static partial class Forms
{
    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token:\n" + html);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
