using System.Globalization;

namespace DocStream.Contracts;

/// <summary>
/// Reads InvoiceDate the way the data set writes it (<c>M/d/yyyy H:mm</c>, US order, no zone; also the
/// spreadsheet export's two-digit year <c>M/d/yy H:mm</c>) and as ISO-8601. Anything else is refused
/// rather than guessed: the seed read <c>12/1/2010</c> day-first and so moved every date.
/// </summary>
public static class InvoiceDateParser
{
    private static readonly string[] UsFormats =
    [
        "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yy H:mm", "M/d/yy H:mm:ss",
    ];

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    /// <summary>Earliest and latest dates accepted: wide around the data set, narrow enough to catch nonsense.</summary>
    public static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public const string AcceptedFormats = "ISO-8601 (2010-12-01T08:26:00) or the data set's M/d/yyyy H:mm (12/1/2010 8:26)";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out DateTime value, out string? error)
    {
        value = default;
        error = null;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            error = "InvoiceDate is required.";
            return false;
        }

        if (s.Contains('/'))
        {
            if (!DateTime.TryParseExact(s, UsFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var us))
            {
                error = $"'{Shorten(s)}' is not a valid date in M/d/yyyy H:mm (month first). Use {AcceptedFormats}.";
                return false;
            }
            value = DateTime.SpecifyKind(us, DateTimeKind.Utc);
        }
        else if (IsIsoShaped(s))
        {
            if (HasZone(s))
            {
                if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
                {
                    error = $"'{Shorten(s)}' is not a valid ISO-8601 date-time.";
                    return false;
                }
                value = dto.UtcDateTime;
            }
            else if (DateTime.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            {
                value = DateTime.SpecifyKind(iso, DateTimeKind.Utc);
            }
            else
            {
                error = $"'{Shorten(s)}' is not a valid ISO-8601 date-time.";
                return false;
            }
        }
        else
        {
            // e.g. the seed's own "12-02-2010 08:26:00": day-first or month-first cannot be told apart.
            error = $"'{Shorten(s)}' is ambiguous or unknown. Use {AcceptedFormats}.";
            return false;
        }

        if (value < Earliest || value >= Latest)
        {
            error = $"'{Shorten(s)}' is outside the accepted range {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}.";
            return false;
        }
        return true;
    }

    private static bool IsIsoShaped(string s) =>
        s.Length >= 10 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2])
        && char.IsAsciiDigit(s[3]) && s[4] == '-' && s[7] == '-';

    private static bool HasZone(string s) =>
        s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 19 && (s[^6] == '+' || s[^6] == '-'));

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
