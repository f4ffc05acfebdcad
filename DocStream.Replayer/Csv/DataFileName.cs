namespace DocStream.Replayer.Csv;

/// <summary>Names derived from the data file: its stem prefixes every document id (<c>online-retail:1</c>).</summary>
public static class DataFileName
{
    /// <summary>The file name without <c>.csv.gz</c>, <c>.csv</c> or <c>.gz</c>: <c>online-retail</c>.</summary>
    public static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var suffix in (string[])[".csv.gz", ".csv", ".gz"])
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }

    /// <summary>
    /// The stem made safe as the prefix of a document id (letters, digits and <c>- _ . #</c>, as the API accepts):
    /// any other character becomes <c>-</c>, so <c>Online Retail.csv</c> gives <c>Online-Retail</c>.
    /// </summary>
    public static string IdPrefix(string path)
    {
        var stem = Stem(path);
        var chars = stem.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '-' or '_' or '.' or '#'))
            {
                chars[i] = '-';
            }
        }
        return chars.Length == 0 ? "replay" : new string(chars);
    }

    /// <summary>The longest <c>--id-prefix</c>: with <c>:</c> and a row number of up to 20 digits the id stays within the API's 128 characters.</summary>
    public const int MaxIdPrefixLength = 100;

    /// <summary>Whether <paramref name="prefix"/> can start an id as given: 1 to <see cref="MaxIdPrefixLength"/> letters, digits and <c>- _ . #</c>.</summary>
    public static bool IsValidIdPrefix(string prefix) =>
        prefix.Length is > 0 and <= MaxIdPrefixLength
        && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '#');

    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
