using System.Text;
using System.Text.Json;

namespace MetaOpt.Recommender;

/// <summary>
/// Writes a <see cref="TrainingResult"/> as one JSON line with the PyTorch reference's field names
/// (<c>sec_per_meta_batch_median</c>, <c>sec_per_epoch</c>, <c>meta_test {mae, rmse, ndcg3}</c>,
/// <c>global_zero_shot</c>, <c>global_finetuned</c>, <c>global_mean_mae</c>, ...), so the two outputs compare field by field.
/// </summary>
public static class TrainingResultJson
{
    /// <summary>The JSON line (no trailing newline). Skipped baselines are written as null.</summary>
    public static string Serialize(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var c = result.Config;
            json.WriteStartObject();
            json.WriteString("impl", "torchsharp");
            json.WriteStartObject("config");
            json.WriteString("algo", MetaAlgorithmNames.Name(c.Algo));
            json.WriteNumber("epochs", c.Epochs);
            json.WriteNumber("pretrain_epochs", c.PretrainEpochs);
            json.WriteNumber("meta_lr", c.MetaLr);
            json.WriteNumber("inner_lr", c.InnerLr);
            json.WriteNumber("inner_steps", c.InnerSteps);
            json.WriteNumber("meta_batch", c.MetaBatch);
            json.WriteNumber("support_size", c.SupportSize);
            json.WriteNumber("query_size", c.QuerySize);
            json.WriteNumber("dim", c.EmbeddingDim);
            json.WriteNumber("hidden", c.Hidden);
            json.WriteNumber("hidden_layers", c.HiddenLayers);
            json.WriteNumber("adapted_layers", c.AdaptedLayers ?? c.DecisionLayers);
            json.WriteNumber("global_lr", c.GlobalLr);
            json.WriteNumber("global_epochs", c.GlobalEpochs);
            json.WriteNumber("global_batch", c.GlobalBatch);
            json.WriteNumber("seed", c.Seed);
            json.WriteString("device", c.Device);
            if (c.Threads is int threads) json.WriteNumber("threads", threads);
            else json.WriteNull("threads");
            json.WriteEndObject();
            json.WriteStartObject("users");
            json.WriteNumber("train", result.Users.Train);
            json.WriteNumber("val", result.Users.Validation);
            json.WriteNumber("test", result.Users.Test);
            json.WriteEndObject();
            json.WriteNumber("sec_per_meta_batch_median", result.SecondsPerMetaBatchMedian);
            json.WriteStartArray("sec_per_epoch");
            foreach (var seconds in result.SecondsPerEpoch) json.WriteNumberValue(seconds);
            json.WriteEndArray();
            json.WriteNumber("pretrain_s", result.PretrainSeconds);
            json.WriteStartArray("val_mae_per_epoch");
            foreach (var epoch in result.Epochs) json.WriteNumberValue(epoch.ValidationMae);
            json.WriteEndArray();
            WriteMetrics(json, "meta_val", result.MetaValidation);
            WriteMetrics(json, "meta_test", result.MetaTest);
            WriteMetrics(json, "global_zero_shot", result.GlobalZeroShot);
            WriteMetrics(json, "global_finetuned", result.GlobalFineTuned);
            WriteNumber(json, "global_train_s", result.GlobalTrainSeconds);
            WriteNumber(json, "global_mean_mae", result.GlobalMeanMae);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMetrics(Utf8JsonWriter json, string name, EvaluationMetrics? metrics)
    {
        if (metrics is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteNumber("mae", metrics.Mae);
        json.WriteNumber("rmse", metrics.Rmse);
        json.WriteNumber($"ndcg{metrics.K}", metrics.Ndcg);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
