using DocStream.MongoEmulator.Query;

namespace DocStream.MongoEmulator.Storage;

/// <summary>Orders index entries by key (honouring each field's direction), then by _id.</summary>
internal sealed class IndexEntryComparer(int[] directions) : IComparer<IndexEntry>
{
    public int Compare(IndexEntry x, IndexEntry y)
    {
        var cmp = BsonValueComparer.Instance;
        for (var i = 0; i < directions.Length; i++)
        {
            var c = cmp.Compare(x.Keys[i], y.Keys[i]);
            if (c != 0)
            {
                return c * directions[i];
            }
        }
        return cmp.Compare(x.Id, y.Id);
    }
}
