namespace MetaOpt;

/// <summary>The range a parameter is drawn from.</summary>
/// <remarks>
/// Samplers and storages work on one internal representation, a <see cref="double"/>: the value itself for
/// floats and integers, the index of the choice for categoricals. <see cref="ToInternal"/> and
/// <see cref="ToExternal"/> convert between that and what the objective sees.
/// Distributions are immutable and compare by value, so a trial can tell a repeated suggestion from a
/// conflicting one.
/// </remarks>
public abstract class Distribution : IEquatable<Distribution>
{
    /// <summary>Converts a value the objective sees into the internal representation.</summary>
    /// <exception cref="ArgumentException">The value is not in this distribution.</exception>
    public abstract double ToInternal(object value);

    /// <summary>Converts an internal representation into the value the objective sees.</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>True when the internal value is one this distribution can produce.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>True when the distribution has exactly one possible value.</summary>
    public abstract bool IsSingle { get; }

    /// <inheritdoc/>
    public abstract bool Equals(Distribution? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Distribution d && Equals(d);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>A short description such as <c>float [1e-05, 0.1] log</c>, used in error messages and reports.</summary>
    public abstract override string ToString();
}
