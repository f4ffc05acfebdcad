using System.Text;

namespace DocStream.MongoEmulator.Storage;

/// <summary>Maps database and collection names to safe file names and back (percent-encoding of unusual bytes).</summary>
internal static class FileNames
{
    public static string Escape(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' || (c == '.' && sb.Length > 0))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2"));
            }
        }
        return sb.ToString();
    }

    public static string Unescape(string fileName)
    {
        var bytes = new List<byte>(fileName.Length);
        for (var i = 0; i < fileName.Length; i++)
        {
            if (fileName[i] == '%' && i + 2 < fileName.Length)
            {
                bytes.Add(Convert.ToByte(fileName.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)fileName[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
