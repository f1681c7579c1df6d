using static TorchSharp.torch;

namespace MetaOpt.Recommender.Training;

/// <summary>
/// The encoded rows of a batch of tasks, padded to the longest task: user codes [tasks, fields], item index,
/// year bucket, weighted genre multi-hot [tasks, rows, genres], rating, and a mask of real rows. Built once per
/// run; meta-batches are gathered from it with one index_select per field. Tensors belong to the dispose scope
/// that is current when they are made.
/// </summary>
internal sealed class TaskTensors
{
    private TaskTensors(Tensor userCodes, Tensor items, Tensor years, Tensor genres, Tensor ratings, Tensor mask, Tensor counts, HostValues? host = null)
    {
        Host = host;
        UserCodes = userCodes;
        Items = items;
        Years = years;
        Genres = genres;
        Ratings = ratings;
        Mask = mask;
        Counts = counts;
    }

    public Tensor UserCodes { get; }
    public Tensor Items { get; }
    public Tensor Years { get; }
    public Tensor Genres { get; }
    public Tensor Ratings { get; }
    public Tensor Mask { get; }

    /// <summary>Real rows per task, as a float tensor [tasks].</summary>
    public Tensor Counts { get; }

    public long TaskCount => Items.shape[0];

    /// <summary>The ratings [tasks × width, padded with 0] and real rows per task as packed, kept on the host so
    /// evaluation scores predictions without reading them back from the device; null on <see cref="Select"/>ed rows.</summary>
    public HostValues? Host { get; }

    /// <summary>Host copies of <see cref="Ratings"/> (flattened) and <see cref="Counts"/>.</summary>
    public sealed record HostValues(float[] Ratings, float[] Counts);

    /// <summary>Encodes one group of ratings per task, each with its user's codes.</summary>
    public static TaskTensors Pack(
        IReadOnlyList<IReadOnlyList<int>> userCodes, IReadOnlyList<IReadOnlyList<Rating>> rows,
        FeatureSchema schema, IReadOnlyDictionary<int, ItemFeatures> items, Device device, ScalarType dtype)
    {
        int tasks = rows.Count, width = Math.Max(1, rows.Max(r => r.Count)), fields = schema.UserFieldSizes.Count, genres = schema.GenreCount;
        var codes = new long[tasks * fields];
        var itemIndex = new long[tasks * width];
        var years = new long[tasks * width];
        var genreWeights = new float[tasks * width * genres];
        var ratings = new float[tasks * width];
        var mask = new float[tasks * width];
        var counts = new float[tasks];
        for (int t = 0; t < tasks; t++)
        {
            for (int f = 0; f < fields; f++) codes[t * fields + f] = userCodes[t][f];
            counts[t] = rows[t].Count;
            for (int r = 0; r < rows[t].Count; r++)
            {
                int at = t * width + r;
                var rating = rows[t][r];
                var content = items[rating.Item];
                itemIndex[at] = rating.Item;
                years[at] = content.YearBucket;
                foreach (var g in content.Genres) genreWeights[at * genres + g] = 1f / content.Genres.Count;
                ratings[at] = rating.Value;
                mask[at] = 1;
            }
        }
        Tensor Real(float[] data, params long[] dims) => tensor(data, dims, float32).to(dtype, device);
        return new TaskTensors(
            tensor(codes, [tasks, fields], int64).to(device),
            tensor(itemIndex, [tasks, width], int64).to(device),
            tensor(years, [tasks, width], int64).to(device),
            Real(genreWeights, tasks, width, genres),
            Real(ratings, tasks, width),
            Real(mask, tasks, width),
            Real(counts, tasks),
            new HostValues(ratings, counts));
    }

    /// <summary>The tasks at <paramref name="index"/> (an int64 tensor on the same device).</summary>
    public TaskTensors Select(Tensor index) => new(
        UserCodes.index_select(0, index), Items.index_select(0, index), Years.index_select(0, index),
        Genres.index_select(0, index), Ratings.index_select(0, index), Mask.index_select(0, index), Counts.index_select(0, index));

    /// <summary>Mean squared error of each task over its real rows: [tasks].</summary>
    public Tensor TaskLosses(Tensor predictions)
    {
        // error·error, not square(): TorchSharp's square() is pow with an implicit Scalar exponent, which its finalizer
        // can free while libtorch reads it ("Unknown scalar type" under load, dotnet/TorchSharp#1496).
        var error = predictions - Ratings;
        return error.mul(error).mul(Mask).sum(1).div(Counts);
    }
}
