using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// A page a browser would post on its own: a <c>method="post"</c> form of hidden inputs only, and a script
/// calling <c>.submit()</c>, as OpenID Connect's response_mode=form_post answers. A form with anything for a
/// person to fill in is not one.
/// </summary>
internal sealed partial record AutoPostForm(Uri Action, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public static bool TryParse(string html, Uri pageUrl, [NotNullWhen(true)] out AutoPostForm? form)
    {
        form = null;
        var match = FormElement().Match(html);
        if (!match.Success || !SubmitScript().IsMatch(html))
        {
            return false;
        }

        var formAttributes = Attributes(match.Groups["attributes"].Value);
        if (!string.Equals(formAttributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputElement().Matches(match.Groups["content"].Value))
        {
            var attributes = Attributes(input.Groups["attributes"].Value);
            switch (attributes.GetValueOrDefault("type")?.ToLowerInvariant())
            {
                case "submit":
                    continue;
                case "hidden" when attributes.TryGetValue("name", out var name):
                    fields.Add(new(name, attributes.GetValueOrDefault("value") ?? ""));
                    continue;
                default:
                    return false;
            }
        }

        var action = formAttributes.GetValueOrDefault("action");
        form = new AutoPostForm(string.IsNullOrEmpty(action) ? pageUrl : new Uri(pageUrl, action), fields);
        return true;
    }

    private static Dictionary<string, string> Attributes(string text) =>
        Attribute().Matches(text)
            .DistinctBy(match => match.Groups["name"].Value.ToLowerInvariant())
            .ToDictionary(match => match.Groups["name"].Value.ToLowerInvariant(), match => WebUtility.HtmlDecode(match.Groups["value"].Value));

    [GeneratedRegex("""<form\b(?<attributes>[^>]*)>(?<content>.*?)</form>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormElement();

    [GeneratedRegex("""<input\b(?<attributes>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();

    [GeneratedRegex("""(?<name>[\w-]+)\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)')""")]
    private static partial Regex Attribute();

    [GeneratedRegex("""<script\b[^>]*>[^<]*\.submit\(\)""", RegexOptions.IgnoreCase)]
    private static partial Regex SubmitScript();
}
