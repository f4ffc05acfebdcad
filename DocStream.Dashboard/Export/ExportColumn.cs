namespace DocStream.Dashboard.Export;

/// <summary>One column of an export: its header and how a row's value is written (as text, a number or a date).</summary>
public sealed class ExportColumn<T>
{
    private readonly Action<IExportRecordWriter, string, T> _write;

    private ExportColumn(string name, Action<IExportRecordWriter, string, T> write)
    {
        Name = name;
        _write = write;
    }

    public string Name { get; }

    public void Write(IExportRecordWriter writer, T row) => _write(writer, Name, row);

    public static ExportColumn<T> Text(string name, Func<T, string?> value) => new(name, (w, n, r) => w.Text(n, value(r)));

    public static ExportColumn<T> Integer(string name, Func<T, long?> value) => new(name, (w, n, r) => w.Integer(n, value(r)));

    public static ExportColumn<T> Number(string name, Func<T, decimal?> value) => new(name, (w, n, r) => w.Number(n, value(r)));

    public static ExportColumn<T> Date(string name, Func<T, DateTime?> value) => new(name, (w, n, r) => w.Date(n, value(r)));

    public static ExportColumn<T> Boolean(string name, Func<T, bool> value) => new(name, (w, n, r) => w.Boolean(n, value(r)));
}
