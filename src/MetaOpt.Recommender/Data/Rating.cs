namespace MetaOpt.Recommender;

/// <summary>One explicit rating: who rated which item, how, and when.</summary>
/// <param name="UserId">The dataset's user id.</param>
/// <param name="Item">Dense item index (1..ItemCount), as used by the item embedding.</param>
/// <param name="Value">The rating (1..5 on MovieLens 100K/1M, half stars 0.5..5 on the "latest" sets).</param>
/// <param name="Timestamp">Seconds since the Unix epoch; orders users and each user's ratings.</param>
public readonly record struct Rating(int UserId, int Item, float Value, long Timestamp);
