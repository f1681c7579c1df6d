using System.Buffers.Binary;
using System.Text.Json.Nodes;
using MetaOpt.Recommender.Evaluation;

namespace MetaOpt.Recommender.Tests;

/// <summary>
/// The model a trial keeps: written and read back, it adapts to each meta-test user on their support set and
/// predicts their query ratings as the trainer did, so its meta-test MAE is the run's.
/// </summary>
public sealed class RecommenderModelTests
{
    private static RecommenderModel RoundTrip(RecommenderModel model)
    {
        using var weights = new MemoryStream();
        using var description = new MemoryStream();
        model.Write(weights, description);
        weights.Position = 0;
        description.Position = 0;
        return RecommenderModel.Read(weights, description);
    }

    [Theory]
    [InlineData(MetaAlgorithm.Maml, 1)]
    [InlineData(MetaAlgorithm.MetaSgd, 2)]
    [InlineData(MetaAlgorithm.Transfer, 1)]
    public void AModelReadBackPredictsTheMetaTestUsersAsTheTrainerScoredThem(MetaAlgorithm algo, int innerSteps)
    {
        var tasks = TestData.Tasks;
        var result = RecommenderTrainer.Train(tasks, TestData.FastConfig with { Algo = algo, InnerSteps = innerSteps, Epochs = 1, Seed = 5 });

        var model = RoundTrip(result.Model!);

        Assert.Equal(tasks.Schema.UserFieldSizes, model.Schema.UserFieldSizes);
        Assert.Equal(tasks.Schema.ItemCount, model.Schema.ItemCount);
        Assert.Equal(algo == MetaAlgorithm.MetaSgd, model.Description["learned_inner_rates"]!.GetValue<bool>());
        var mae = tasks.Test.Average(user =>
        {
            var predicted = model.Predict(user.UserCodes, user.Support, user.Query.Select(r => r.Item).ToList(), tasks.Items);
            return QueryMetrics.MeanAbsoluteError(predicted.ToArray(), user.Query.Select(r => (double)r.Value).ToArray());
        });
        Assert.Equal(result.MetaTest.Mae, mae, 5);
    }

    [Theory]
    [InlineData(MetaAlgorithm.Maml, 1)]
    [InlineData(MetaAlgorithm.MetaSgd, 2)]
    public void ItsBatchedQueryPredictionsAreEachUsersOwnAndScoreAsTheTrainerDid(MetaAlgorithm algo, int innerSteps)
    {
        var result = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Algo = algo, InnerSteps = innerSteps, Epochs = 1, Seed = 7 });
        var model = RoundTrip(result.Model!);

        // The split rebuilt from the data alone is the trial's: the same users in the same order.
        var tasks = model.Tasks(SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 200, Items = 120, Seed = 3 }));
        Assert.Equal(TestData.Tasks.Validation.Select(u => u.UserId), tasks.Validation.Select(u => u.UserId));
        Assert.Equal(TestData.Tasks.Test.Select(u => u.UserId), tasks.Test.Select(u => u.UserId));

        var batched = model.PredictQueries(tasks.Test, tasks.Items);
        Assert.Equal(tasks.Test.Count, batched.Count);
        for (var u = 0; u < tasks.Test.Count; u++)
        {
            var user = tasks.Test[u];
            var alone = model.Predict(user.UserCodes, user.Support, user.Query.Select(r => r.Item).ToList(), tasks.Items);
            Assert.Equal(alone.Count, batched[u].Length);
            for (var r = 0; r < alone.Count; r++)
                Assert.Equal(alone[r], batched[u][r], 4);
        }
        var metrics = EvaluationMetrics.Of(batched, tasks.Test, result.MetaTest.K);
        Assert.Equal(result.MetaTest.Mae, metrics.Mae, 5);
        Assert.Equal(result.MetaTest.Rmse, metrics.Rmse, 5);
        Assert.Equal(result.MetaTest.Ndcg, metrics.Ndcg, 3);
        Assert.Equal(result.MetaValidation.Mae, EvaluationMetrics.Of(model.PredictQueries(tasks.Validation, tasks.Items), tasks.Validation).Mae, 5);
    }

    [Fact]
    public void TheWeightsAreSafetensorsWithOneFloat32EntryPerParameter()
    {
        var result = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Epochs = 1 });
        using var weights = new MemoryStream();
        result.Model!.Write(weights, new MemoryStream());
        var bytes = weights.ToArray();

        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject();
        // 4 user fields, genre, year and item embeddings, 3 decision layers' weight and bias.
        Assert.Equal(4 + 3 + 6, header.Count);
        // Hidden 16 by (4 user fields + genre + year + item) embeddings of 8.
        Assert.Equal([16L, 56L], header["decision.0.weight"]!["shape"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.All(header, kv => Assert.Equal("F32", kv.Value!["dtype"]!.GetValue<string>()));
        var end = header.Max(kv => kv.Value!["data_offsets"]![1]!.GetValue<long>());
        Assert.Equal(bytes.Length, 8 + length + end);
    }

    [Fact]
    public void TheGeneratorOfItsDataTravelsWithTheModel()
    {
        var result = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Epochs = 1 });
        var options = new SyntheticColdStartOptions { Users = 200, Items = 120, Seed = 3 };

        Assert.Null(RoundTrip(result.Model!).GeneratedData);
        Assert.Equal(options, RoundTrip(result.Model!.WithGeneratedData(options)).GeneratedData);
    }

    [Fact]
    public void WeightsThatDoNotMatchTheirDescriptionAreRefused()
    {
        var small = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Epochs = 1 });
        var wide = RecommenderTrainer.Train(TestData.Tasks, TestData.FastConfig with { Epochs = 1, Hidden = 24 });
        using var weights = new MemoryStream();
        using var description = new MemoryStream();
        small.Model!.Write(weights, new MemoryStream());
        wide.Model!.Write(new MemoryStream(), description);
        weights.Position = 0;
        description.Position = 0;
        var mixed = RecommenderModel.Read(weights, description);
        var user = TestData.Tasks.Test[0];

        var error = Assert.Throws<InvalidDataException>(() => mixed.Predict(user.UserCodes, user.Support, [user.Query[0].Item], TestData.Tasks.Items));
        Assert.Contains("do not match their description", error.Message);
        Assert.Throws<InvalidDataException>(() => RecommenderModel.Read(new MemoryStream([1, 2, 3]), new MemoryStream("{\"format\":\"other\"}"u8.ToArray())));
    }
}
