namespace MetaOpt.Recommender.Data;

/// <summary>Maps a dataset's item ids to dense indices 1..n in increasing id order (ML-100K's ids are already dense).</summary>
internal sealed class ItemIndex
{
    private readonly Dictionary<int, int> _indexOfId;

    public ItemIndex(IEnumerable<int> itemIds)
    {
        _indexOfId = itemIds.Order().Select((id, k) => (id, k)).ToDictionary(p => p.id, p => p.k + 1);
    }

    public int Count => _indexOfId.Count;

    public int Of(int itemId, DataLine line) =>
        _indexOfId.TryGetValue(itemId, out var index)
            ? index
            : throw line.Error($"item {itemId} is not in the item file");
}
