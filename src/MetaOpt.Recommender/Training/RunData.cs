using static TorchSharp.torch;

namespace MetaOpt.Recommender.Training;

/// <summary>Everything a run computes on, encoded once on the run's device.</summary>
internal sealed class RunData
{
    private RunData(SplitTensors train, SplitTensors validation, SplitTensors test, TaskTensors trainRows, double trainMean)
    {
        Train = train;
        Validation = validation;
        Test = test;
        TrainRows = trainRows;
        TrainMean = trainMean;
    }

    public SplitTensors Train { get; }
    public SplitTensors Validation { get; }
    public SplitTensors Test { get; }

    /// <summary>Every support and query rating of the meta-train users, one row per "task", for global training.</summary>
    public TaskTensors TrainRows { get; }

    /// <summary>Mean of <see cref="TrainRows"/>' ratings (the global-mean baseline).</summary>
    public double TrainMean { get; }

    /// <summary>Packs the tasks; with <paramref name="ranking"/>, also each validation and test user's ranking
    /// candidates: the query ratings from <paramref name="relevantFrom"/> up as 1s, then the sampled unrated items as 0s.</summary>
    public static RunData Pack(ColdStartTasks tasks, Device device, ScalarType dtype, RankingProtocol? ranking = null, float relevantFrom = 4)
    {
        TaskTensors Pack(IReadOnlyList<UserTask> users, Func<UserTask, IReadOnlyList<Rating>> rows) =>
            TaskTensors.Pack(users.Select(u => u.UserCodes).ToList(), users.Select(rows).ToList(), tasks.Schema, tasks.Items, device, dtype);
        IReadOnlyList<Rating> Candidates(UserTask user, RankingProtocol protocol) =>
        [
            .. user.Query.Where(r => r.Value >= relevantFrom).Select(r => r with { Value = 1 }),
            .. tasks.SampleUnrated(user.UserId, protocol.Negatives, protocol.Seed).Select(item => new Rating(user.UserId, item, 0, 0)),
        ];
        SplitTensors Split(IReadOnlyList<UserTask> users, bool withJoined) => new(
            Pack(users, u => u.Support), Pack(users, u => u.Query),
            withJoined ? Pack(users, u => [.. u.Support, .. u.Query]) : null,
            !withJoined && ranking is { } protocol ? Pack(users, u => Candidates(u, protocol)) : null);

        var trainRatings = tasks.Train.SelectMany(u => u.Support.Concat(u.Query).Select(r => (u.UserCodes, r))).ToList();
        var rows = TaskTensors.Pack(
            trainRatings.Select(p => p.UserCodes).ToList(), trainRatings.Select(p => (IReadOnlyList<Rating>)[p.r]).ToList(),
            tasks.Schema, tasks.Items, device, dtype);
        return new RunData(
            Split(tasks.Train, withJoined: true), Split(tasks.Validation, false), Split(tasks.Test, false),
            rows, trainRatings.Average(p => (double)p.r.Value));
    }
}
