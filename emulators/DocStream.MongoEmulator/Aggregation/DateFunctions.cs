using System.Globalization;
using System.Text;
using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>$dateToString and $dateTrunc, with optional Olson or "+hh:mm" time zones.</summary>
internal static class DateFunctions
{
    public static DateTime ToDateTime(BsonValue v, string op) => v switch
    {
        BsonDateTime dt => DateTime.UnixEpoch.AddMilliseconds(dt.MillisecondsSinceEpoch),
        BsonTimestamp ts => DateTime.UnixEpoch.AddSeconds(ts.Timestamp),
        BsonObjectId oid => oid.Value.CreationTime,
        _ => throw new MongoCommandException(16006, $"can't convert from BSON type {v.BsonType} to Date ({op})"),
    };

    public static DateTime InZone(DateTime utc, BsonValue? timezone)
    {
        if (timezone is null || timezone.IsBsonNull)
        {
            return utc;
        }
        var tz = timezone.AsString;
        if (tz is "UTC" or "GMT" or "Z")
        {
            return utc;
        }
        if (tz.Length >= 3 && (tz[0] == '+' || tz[0] == '-'))
        {
            var digits = tz[1..].Replace(":", "");
            var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
            var offset = new TimeSpan(hours, minutes, 0);
            return utc + (tz[0] == '-' ? -offset : offset);
        }
        try
        {
            return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById(tz));
        }
        catch (TimeZoneNotFoundException)
        {
            throw new MongoCommandException(40485, $"unrecognized time zone identifier: \"{tz}\"");
        }
    }

    private static DateTime FromZone(DateTime local, BsonValue? timezone)
    {
        var zoned = InZone(local, timezone);
        return local - (zoned - local);
    }

    public static Func<BsonDocument, BsonValue?> CompileDateToString(BsonValue arg)
    {
        if (arg is not BsonDocument spec || !spec.Contains("date"))
        {
            throw new MongoCommandException(18628, "Missing 'date' parameter to $dateToString");
        }
        var date = ExpressionCompiler.Compile(spec["date"]);
        var format = spec.GetValue("format", "%Y-%m-%dT%H:%M:%S.%LZ").AsString;
        var timezone = spec.Contains("timezone") ? ExpressionCompiler.Compile(spec["timezone"]) : null;
        var onNull = spec.Contains("onNull") ? ExpressionCompiler.Compile(spec["onNull"]) : null;
        Validate(format);
        // Without a timezone the text depends on the date alone, so it can be remembered (values are immutable).
        var cache = timezone is null ? new FormattedDateCache() : null;
        Func<long, string> formatUtc = millis => Format(ToDateTime(new BsonDateTime(millis), "$dateToString"), format);
        return doc =>
        {
            var v = date(doc);
            if (v is null || v.IsBsonNull || v.IsBsonUndefined)
            {
                return onNull is not null ? onNull(doc) : BsonNull.Value;
            }
            if (cache is not null && v is BsonDateTime dateTime)
            {
                return cache.GetOrAdd(dateTime.MillisecondsSinceEpoch, formatUtc);
            }
            return new BsonString(Format(InZone(ToDateTime(v, "$dateToString"), timezone?.Invoke(doc)), format));
        };
    }

    private static void Validate(string format)
    {
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                continue;
            }
            if (i + 1 >= format.Length || "YmdHMSLjuw%".IndexOf(format[i + 1]) < 0)
            {
                throw MongoCommandException.NotSupported($"$dateToString format specifier '%{(i + 1 < format.Length ? format[i + 1] : ' ')}'");
            }
            i++;
        }
    }

    private static string Format(DateTime d, string format)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                sb.Append(format[i]);
                continue;
            }
            i++;
            sb.Append(format[i] switch
            {
                'Y' => d.Year.ToString("D4", CultureInfo.InvariantCulture),
                'm' => d.Month.ToString("D2", CultureInfo.InvariantCulture),
                'd' => d.Day.ToString("D2", CultureInfo.InvariantCulture),
                'H' => d.Hour.ToString("D2", CultureInfo.InvariantCulture),
                'M' => d.Minute.ToString("D2", CultureInfo.InvariantCulture),
                'S' => d.Second.ToString("D2", CultureInfo.InvariantCulture),
                'L' => d.Millisecond.ToString("D3", CultureInfo.InvariantCulture),
                'j' => d.DayOfYear.ToString("D3", CultureInfo.InvariantCulture),
                'u' => (d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'w' => ((int)d.DayOfWeek + 1).ToString(CultureInfo.InvariantCulture),
                _ => "%",
            });
        }
        return sb.ToString();
    }

    public static Func<BsonDocument, BsonValue?> CompileDateTrunc(BsonValue arg)
    {
        if (arg is not BsonDocument spec || !spec.Contains("date") || !spec.Contains("unit"))
        {
            throw new MongoCommandException(5439007, "$dateTrunc requires 'date' and 'unit' parameters");
        }
        var date = ExpressionCompiler.Compile(spec["date"]);
        var unit = ExpressionCompiler.Compile(spec["unit"]);
        var binSize = spec.Contains("binSize") ? ExpressionCompiler.Compile(spec["binSize"]) : null;
        var timezone = spec.Contains("timezone") ? ExpressionCompiler.Compile(spec["timezone"]) : null;
        if (spec.Contains("startOfWeek"))
        {
            throw MongoCommandException.NotSupported("$dateTrunc startOfWeek");
        }
        return doc =>
        {
            var v = date(doc);
            if (v is null || v.IsBsonNull || v.IsBsonUndefined)
            {
                return BsonNull.Value;
            }
            if (binSize is not null && binSize(doc)!.ToInt64() != 1)
            {
                throw MongoCommandException.NotSupported("$dateTrunc binSize other than 1");
            }
            var tz = timezone?.Invoke(doc);
            var local = InZone(ToDateTime(v, "$dateTrunc"), tz);
            var truncated = unit(doc)!.AsString switch
            {
                "year" => new DateTime(local.Year, 1, 1),
                "quarter" => new DateTime(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1),
                "month" => new DateTime(local.Year, local.Month, 1),
                "week" => local.Date.AddDays(-(int)local.DayOfWeek),
                "day" => local.Date,
                "hour" => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
                "minute" => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0),
                "second" => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second),
                var other => throw MongoCommandException.BadValue($"$dateTrunc parameter 'unit' value cannot be recognized as a time unit: {other}"),
            };
            return new BsonDateTime(DateTime.SpecifyKind(FromZone(truncated, tz), DateTimeKind.Utc));
        };
    }
}
