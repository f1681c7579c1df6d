namespace MetaOpt.Recommender;

/// <summary>
/// A dataset cut into cold-start tasks: users ordered by the time of their first rating, the first 70% for
/// meta-training, the next 10% for meta-validation, the last 20% ("new users") for meta-testing. Within a user,
/// ratings are ordered by (time, item, rating); the query is the last <see cref="QuerySize"/>, the support the
/// earliest <see cref="SupportSize"/> of the rest — exactly the reference script's construction.
/// Immutable: one instance can serve many trials, also concurrently.
/// </summary>
public sealed class ColdStartTasks
{
    // Every item each user rated, in any split or set: what negative sampling must avoid.
    private readonly IReadOnlyDictionary<int, HashSet<int>> _ratedItems;

    private ColdStartTasks(
        FeatureSchema schema, IReadOnlyDictionary<int, ItemFeatures> items, int supportSize, int querySize,
        IReadOnlyList<UserTask> train, IReadOnlyList<UserTask> validation, IReadOnlyList<UserTask> test, int skippedUsers,
        DatasetStatistics statistics, IReadOnlyDictionary<int, HashSet<int>> ratedItems)
    {
        _ratedItems = ratedItems;
        Statistics = statistics;
        Schema = schema;
        Items = items;
        SupportSize = supportSize;
        QuerySize = querySize;
        Train = train;
        Validation = validation;
        Test = test;
        SkippedUsers = skippedUsers;
    }

    /// <summary>Feature sizes of the underlying dataset.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Item content by dense item index.</summary>
    public IReadOnlyDictionary<int, ItemFeatures> Items { get; }

    /// <summary>Largest support set per user.</summary>
    public int SupportSize { get; }

    /// <summary>Query set size per user.</summary>
    public int QuerySize { get; }

    /// <summary>Meta-training users (earliest 70%).</summary>
    public IReadOnlyList<UserTask> Train { get; }

    /// <summary>Meta-validation users (next 10%), the tuning objective.</summary>
    public IReadOnlyList<UserTask> Validation { get; }

    /// <summary>Meta-test users (last 20%), the final report.</summary>
    public IReadOnlyList<UserTask> Test { get; }

    /// <summary>What the whole dataset looks like, every rating counted (the tasks keep only support and query sets).</summary>
    public DatasetStatistics Statistics { get; }

    /// <summary>Users left out because they have no rating beyond a query set (no support to adapt on).</summary>
    public int SkippedUsers { get; }

    /// <summary>
    /// The tasks of <paramref name="count"/>-fold cross-validation over the users that are not meta-test users: they
    /// are shuffled with <paramref name="seed"/> and cut into <paramref name="count"/> parts of sizes differing by at
    /// most one; fold k validates on part k and meta-trains on the others, so every such user validates exactly once.
    /// The meta-test users are the same in every fold. One fold is these tasks themselves.
    /// </summary>
    /// <remarks>For small data, where one validation split of 10% is too few users to rank configurations on.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or above the number of those users.</exception>
    public IReadOnlyList<ColdStartTasks> Folds(int count, int seed)
    {
        List<UserTask> pool = [.. Train, .. Validation];
        if (count < 1 || count > pool.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The folds must be between 1 and the {pool.Count} meta-train and meta-validation users.");
        if (count == 1)
            return [this];
        var order = pool.ToArray();
        new Random(seed).Shuffle(order);
        return Enumerable.Range(0, count).Select(k =>
        {
            // Part k is order[k·n/count, (k+1)·n/count): consecutive parts, sizes differing by at most one.
            int start = k * order.Length / count, end = (k + 1) * order.Length / count;
            return new ColdStartTasks(
                Schema, Items, SupportSize, QuerySize,
                [.. order[..start], .. order[end..]], order[start..end], Test, SkippedUsers, Statistics, _ratedItems);
        }).ToList();
    }

    /// <summary>These tasks with other meta-train users (the same users with other targets, for distillation).</summary>
    internal ColdStartTasks WithTrain(IReadOnlyList<UserTask> train) =>
        new(Schema, Items, SupportSize, QuerySize, train, Validation, Test, SkippedUsers, Statistics, _ratedItems);

    /// <summary>Builds the tasks of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="ArgumentException">Too few usable users for three non-empty splits.</exception>
    public static ColdStartTasks Build(RatingDataset data, int supportSize = 20, int querySize = 10)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (supportSize < 1) throw new ArgumentOutOfRangeException(nameof(supportSize), supportSize, "The support size must be at least 1.");
        if (querySize < 1) throw new ArgumentOutOfRangeException(nameof(querySize), querySize, "The query size must be at least 1.");

        var byUser = new Dictionary<int, List<Rating>>();
        foreach (var rating in data.Ratings)
        {
            if (!byUser.TryGetValue(rating.UserId, out var list)) byUser[rating.UserId] = list = [];
            list.Add(rating);
        }
        // Stable ordering keeps users with equal first times in file order, like Python's sorted().
        var usable = byUser.Where(p => p.Value.Count > querySize).ToList();
        var order = usable.OrderBy(p => p.Value.Min(r => r.Timestamp)).Select(p => p.Key).ToList();
        int n = order.Count, trainEnd = (int)(0.7 * n), validationEnd = (int)(0.8 * n);
        if (trainEnd == 0 || validationEnd == trainEnd || validationEnd == n)
            throw new ArgumentException(
                $"{n} users have more than {querySize} ratings; the 70/10/20 split needs enough of them for three non-empty parts.",
                nameof(data));

        UserTask TaskOf(int user)
        {
            var rows = byUser[user].OrderBy(r => r.Timestamp).ThenBy(r => r.Item).ThenBy(r => r.Value).ToList();
            var query = rows.GetRange(rows.Count - querySize, querySize);
            var support = rows.GetRange(0, Math.Min(supportSize, rows.Count - querySize));
            return new UserTask(user, data.Users[user], support, query);
        }

        return new ColdStartTasks(
            data.Schema, data.Items, supportSize, querySize,
            order.Take(trainEnd).Select(TaskOf).ToList(),
            order.Take(validationEnd).Skip(trainEnd).Select(TaskOf).ToList(),
            order.Skip(validationEnd).Select(TaskOf).ToList(),
            byUser.Count - usable.Count,
            DatasetStatistics.Of(data),
            byUser.ToDictionary(p => p.Key, p => p.Value.Select(r => r.Item).ToHashSet()));
    }

    /// <summary>
    /// Up to <paramref name="count"/> distinct items <paramref name="userId"/> never rated, drawn uniformly from
    /// <see cref="Items"/> with a generator seeded by <paramref name="seed"/> and the user alone, so the same user gets
    /// the same items in every run, fold and split (<see cref="RankingProtocol"/>).
    /// </summary>
    internal int[] SampleUnrated(int userId, int count, int seed)
    {
        var rated = _ratedItems.GetValueOrDefault(userId) ?? [];
        var pool = Items.Keys.Where(i => !rated.Contains(i)).Order().ToArray();
        var random = new Random(unchecked(seed * 1_000_003 + userId));
        int take = Math.Min(count, pool.Length);
        // A partial Fisher-Yates shuffle: the first take entries are a uniform sample without replacement.
        for (int i = 0; i < take; i++)
        {
            int j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..take];
    }
}
