namespace MetaOpt.Recommender;

/// <summary>Floating-point type of a run's parameters and activations.</summary>
public enum Precision
{
    /// <summary>32-bit floats, as the reference.</summary>
    Float32,

    /// <summary>64-bit floats (gradient checks, numerically delicate runs).</summary>
    Float64,
}
