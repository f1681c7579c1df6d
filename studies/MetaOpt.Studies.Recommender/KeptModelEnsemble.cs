using System.Globalization;
using System.Text.Json.Nodes;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// Caruana's ensemble selection (<see cref="EnsembleSelection"/>) over a study's kept models, for
/// <c>metaopt ensemble</c> and for a run's final ensemble stage (<c>metaopt run --ensemble K</c>) alike. Each model
/// adapts to the meta-validation and meta-test users of the split its trial trained on; the ensemble is chosen on
/// the meta-validation users' predictions and compared on the meta-test users with the best single model (the
/// study's best trial, chosen on the validation users as the ensemble is) and with the plain average of the library.
/// </summary>
internal static class KeptModelEnsemble
{
    /// <summary>Rounds of the greedy selection when none are asked for.</summary>
    public const int DefaultRounds = 20;

    /// <summary>The models kept by the <paramref name="topK"/> best trials that keep one, best first.</summary>
    public static IReadOnlyList<FrozenTrial> Library(IArtifactStore store, Study study, int topK) =>
        StudyArtifacts.BestKeeping(store, study.Trials, study.Direction, topK, RecommenderModel.WeightsName, RecommenderModel.DescriptionName);

    /// <summary>Opens the models of <see cref="Library"/>, each checked against its recorded hash.</summary>
    /// <exception cref="InvalidDataException">A model's blob is missing or damaged.</exception>
    public static IReadOnlyList<KeptTrialArtifacts> Open(IArtifactStore store, IReadOnlyList<FrozenTrial> library) =>
        library.Select(t => new KeptTrialArtifacts(t, [StudyArtifacts.ReadVerified(store, t, RecommenderModel.WeightsName), StudyArtifacts.ReadVerified(store, t, RecommenderModel.DescriptionName)])).ToList();

    /// <summary>Selects the ensemble from the kept models (best first) and compares it on the test users.</summary>
    /// <param name="study">The study's name, for messages.</param>
    /// <param name="kept">The library, best first; its files are the weights and the description, in that order.</param>
    /// <param name="topK">The library size asked for (the study may keep fewer).</param>
    /// <param name="rounds">Rounds of the greedy selection.</param>
    /// <param name="dataDirectory">The MovieLens folder the study trained on; null for generated data, generated again.</param>
    /// <param name="device">Where the models adapt and predict.</param>
    /// <exception cref="ArgumentException">The models cannot be combined (fewer than 2, validated on folds, other data); the message says why.</exception>
    /// <exception cref="InvalidDataException">A model cannot be read.</exception>
    public static StudyEnsemble Build(string study, IReadOnlyList<KeptTrialArtifacts> kept, int topK, int rounds, string? dataDirectory, string device)
    {
        if (kept.Count < 2)
            throw new ArgumentException(
                $"study '{study}' keeps {kept.Count} trained model{(kept.Count == 1 ? "" : "s")}; an ensemble needs at least 2: run it with --keep-models top-{topK} (or all)");
        foreach (var (trial, _) in kept)
            if (trial.UserAttrs.Keys.Any(key => key.StartsWith(RecommenderAttributes.FoldValMaePrefix, StringComparison.Ordinal)))
                throw new ArgumentException(
                    $"trial {trial.Number} was validated on folds: its model trained on some of the meta-validation users, which then cannot choose the ensemble; combine a study run without --folds");
        var models = kept.Select(Read).ToList();
        var data = Data(models, dataDirectory);
        if (models.Select(m => m.QuerySize).Distinct().Count() > 1)
            throw new ArgumentException(
                $"the kept models were scored on query sets of different sizes ({string.Join(", ", models.Select(m => m.QuerySize).Distinct())}): their users' predictions cannot be combined");

        // The split depends on the query size alone; each model adapts on the support size it trained with.
        var tasksBySupport = new Dictionary<int, ColdStartTasks>();
        var validation = new List<double[]>();
        var test = new List<double[]>();
        foreach (var model in models)
        {
            if (!tasksBySupport.TryGetValue(model.SupportSize, out var tasks))
                tasksBySupport[model.SupportSize] = tasks = model.Tasks(data);
            validation.Add(Flatten(model.PredictQueries(tasks.Validation, tasks.Items, device)));
            test.Add(Flatten(model.PredictQueries(tasks.Test, tasks.Items, device)));
        }
        var split = tasksBySupport.Values.First();

        var validationTruth = split.Validation.SelectMany(t => t.Query.Select(r => (double)r.Value)).ToArray();
        var selection = EnsembleSelection.Select(validation, validationTruth, rounds);
        EnsembleComparisonRow Of(string name, string about, EnsembleSelectionResult weights)
        {
            var held = EvaluationMetrics.Of(Unflatten(weights.Combine(test), split.Test), split.Test);
            return new EnsembleComparisonRow(
                name, about,
                EvaluationMetrics.Of(Unflatten(weights.Combine(validation), split.Validation), split.Validation).Mae,
                held.Mae,
                new Dictionary<string, double> { ["RMSE"] = held.Rmse, [NdcgName(held.K)] = held.Ndcg });
        }
        // The best single model is the study's best trial: the one chosen on the validation users, as the ensemble is.
        var single = new EnsembleSelectionResult([1, .. Enumerable.Repeat(0, models.Count - 1)], double.NaN, []);
        var average = new EnsembleSelectionResult(Enumerable.Repeat(1, models.Count).ToArray(), double.NaN, []);
        return new StudyEnsemble
        {
            TopK = topK,
            Rounds = rounds,
            Measure = "MAE",
            Direction = Direction.Minimize,
            SelectedOn = string.Create(CultureInfo.InvariantCulture, $"{split.Validation.Count} meta-validation users"),
            ComparedOn = string.Create(CultureInfo.InvariantCulture, $"{split.Test.Count} meta-test users"),
            Rows =
            [
                Of(StudyEnsemble.BestRow, $"trial {kept[0].Trial.Number}", single),
                Of(StudyEnsemble.AverageRow, $"{models.Count} models, equal weights", average),
                Of(StudyEnsemble.EnsembleRow, $"{selection.Counts.Count(c => c > 0)} models, {selection.Counts.Sum()} rounds", selection),
            ],
            Members = kept.Select((t, m) => new EnsembleMember(t.Trial.Number, t.Trial.Value!.Value, selection.Counts[m], selection.Weights[m])).ToList(),
        };
    }

    /// <summary>The comparison as the table the commands print.</summary>
    public static string Table(string study, StudyEnsemble e)
    {
        var ndcg = e.Best.Metrics.Keys.Single(k => k.StartsWith("nDCG@", StringComparison.Ordinal));
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Study '{study}': the {e.Members.Count} best kept models (of --top-k {e.TopK}), selected on {e.SelectedOn}, compared on {e.ComparedOn}."),
            "",
            string.Create(CultureInfo.InvariantCulture, $"{"",-9} {"val MAE",8} {"test MAE",8} {"RMSE",8} {ndcg,8}  {"vs best",8}  what"),
        };
        foreach (var row in e.Rows)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name,-9} {row.Selection,8:F4} {row.Held,8:F4} {row.Metrics["RMSE"],8:F4} {row.Metrics[ndcg],8:F4}  {Change(row.Held, e.Best.Held),8}  {row.About}"));
        lines.Add("");
        lines.Add("Ensemble weights (chosen rounds over all rounds):");
        foreach (var member in e.Members)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  trial {member.Trial,-5} value {ValueText.Number(member.Value)}  weight {member.Weight:F3} ({member.Count})"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The comparison as the JSON <c>metaopt ensemble --format json</c> prints.</summary>
    public static JsonObject Json(string study, StudyEnsemble e) => new()
    {
        ["study"] = study,
        ["top_k"] = e.TopK,
        ["models"] = e.Members.Count,
        ["rounds"] = e.Rounds,
        ["selected_on"] = e.SelectedOn,
        ["compared_on"] = e.ComparedOn,
        ["won"] = e.Won,
        ["rows"] = new JsonArray(e.Rows.Select(row => (JsonNode)new JsonObject
        {
            ["name"] = row.Name,
            ["about"] = row.About,
            ["validation_mae"] = row.Selection,
            ["test_mae"] = row.Held,
            ["test_rmse"] = row.Metrics["RMSE"],
            ["test_ndcg"] = row.Metrics.Single(m => m.Key.StartsWith("nDCG@", StringComparison.Ordinal)).Value,
            ["ndcg_k"] = int.Parse(row.Metrics.Keys.Single(k => k.StartsWith("nDCG@", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture),
        }).ToArray()),
        ["members"] = new JsonArray(e.Members.Select(m => (JsonNode)new JsonObject
        {
            ["trial"] = m.Trial,
            ["value"] = m.Value,
            ["count"] = m.Count,
            ["weight"] = m.Weight,
        }).ToArray()),
    };

    private static string NdcgName(int k) => string.Create(CultureInfo.InvariantCulture, $"nDCG@{k}");

    private static RecommenderModel Read(KeptTrialArtifacts kept)
    {
        try
        {
            using var weights = kept.Files[0];
            using var description = kept.Files[1];
            return RecommenderModel.Read(weights, description);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"cannot read the model of trial {kept.Trial.Number}: {e.Message}", e);
        }
    }

    // The data the models trained on: the folder given, else the generated data their descriptions name.
    private static RatingDataset Data(IReadOnlyList<RecommenderModel> models, string? dataDirectory)
    {
        var generated = models.Select(m => m.GeneratedData).Distinct().ToList();
        try
        {
            return dataDirectory is not null ? MovieLensLoader.Load(dataDirectory)
                : generated is [{ } options] ? SyntheticColdStartGenerator.Generate(options)
                : throw new ArgumentException(generated.Count > 1
                    ? "the kept models were trained on different generated data: combine models of one data set"
                    : "the models were trained on a MovieLens folder: pass --data DIR, the folder the study trained on");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MalformedDataException)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    // The relative change of a test MAE from the best single model's, negative when better.
    private static string Change(double mae, double best) => string.Create(CultureInfo.InvariantCulture, $"{(mae - best) / best * 100:+0.00;-0.00;0.00}%");

    private static double[] Flatten(IReadOnlyList<double[]> perUser) => perUser.SelectMany(p => p).ToArray();

    private static List<double[]> Unflatten(double[] values, IReadOnlyList<UserTask> tasks)
    {
        var perUser = new List<double[]>(tasks.Count);
        var at = 0;
        foreach (var task in tasks)
        {
            perUser.Add(values[at..(at + task.Query.Count)]);
            at += task.Query.Count;
        }
        return perUser;
    }
}
