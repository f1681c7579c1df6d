using static TorchSharp.torch;

namespace MetaOpt.Recommender.Training;

/// <summary>
/// The one door through which the recommender reads tensor values on the host. On a GPU each read waits for every
/// queued kernel, so training reads once per epoch (the losses of all its batches and the validation predictions,
/// each as one vector); the reads are counted per thread (a run trains on one thread) so a run reports them per
/// epoch and a test holds that count fixed.
/// </summary>
internal static class HostRead
{
    [ThreadStatic] private static long _count;

    /// <summary>Reads made so far on this thread.</summary>
    public static long Count => _count;

    /// <summary>Every value of <paramref name="values"/>, flattened, as doubles (exact for float32 and float64).</summary>
    public static double[] Doubles(Tensor values)
    {
        _count++;
        return values.detach().to(float64).cpu().data<double>().ToArray();
    }

    /// <summary>Every value of <paramref name="values"/>, flattened, as floats.</summary>
    public static float[] Floats(Tensor values)
    {
        _count++;
        return values.detach().to(float32).cpu().data<float>().ToArray();
    }

    /// <summary>The value of a one-element tensor.</summary>
    public static double Scalar(Tensor value) => Doubles(value)[0];
}
