using System.Text.Json;

namespace DocStream.Contracts;

/// <summary>
/// Reading fields of untrusted JSON without ever throwing: lenient on the case of names, strict on values, every
/// problem added to a problem+json style error list under its path.
/// </summary>
internal static class JsonFields
{
    /// <summary>Finds a field that must be there: false (with the error) when it is missing or null.</summary>
    internal static bool TryGetRequired(JsonElement json, string name, string path, IDictionary<string, List<string>> errors, out JsonElement value)
    {
        if (TryGet(json, name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        Add(errors, path, $"{name} is required.");
        return false;
    }

    /// <summary>The text of a field that must be a JSON string, or null (with the error) when it is another kind or no text.</summary>
    internal static string? ReadString(JsonElement e, string path, IDictionary<string, List<string>> errors)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            Add(errors, path, $"Expected a string, got {Describe(e.ValueKind)}.");
            return null;
        }
        return Text(e, path, errors);
    }

    /// <summary>
    /// The string value of <paramref name="e"/>, or null (with an error) when it cannot be text: an escaped
    /// lone surrogate such as <c>\uD800</c> is well-formed JSON but no string MongoDB can store.
    /// </summary>
    internal static string? Text(JsonElement e, string path, IDictionary<string, List<string>> errors)
    {
        try
        {
            return e.GetString()!;
        }
        catch (InvalidOperationException)
        {
            Add(errors, path, "Not valid text: it holds an unpaired UTF-16 surrogate or bytes that are not UTF-8.");
            return null;
        }
    }

    internal static bool TryGet(JsonElement json, string name, out JsonElement value)
    {
        value = default;
        try
        {
            if (json.TryGetProperty(name, out value))
            {
                return true;
            }
        }
        catch (InvalidOperationException)
        {
            // Some property name is no text (an escaped lone surrogate): compare the names one by one below.
        }
        // Be lenient on case only (customerId, invoiceNo): the values are still checked strictly.
        foreach (var p in json.EnumerateObject())
        {
            if (NameMatches(p, name))
            {
                value = p.Value;
                return true;
            }
        }
        return false;
    }

    /// <summary>A name that is no text (an escaped lone surrogate) is none of ours: it never matches, and never throws.</summary>
    internal static bool NameMatches(JsonProperty property, string name)
    {
        try
        {
            return string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    internal static void Add(IDictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }
        list.Add(message);
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
