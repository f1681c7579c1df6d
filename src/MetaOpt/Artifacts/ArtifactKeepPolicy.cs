namespace MetaOpt;

/// <summary>
/// Which finished trials keep their artifacts (<see cref="StudyOptions.KeepArtifacts"/>): the <see cref="Top"/> best
/// Complete trials (all of them when null), as long as their blobs together fit in <see cref="MaxBytes"/>; every other
/// finished trial's artifacts are deleted as trials finish (blobs still referenced by a kept or running trial stay).
/// Pruned and Failed trials keep theirs only when the policy keeps everything.
/// </summary>
public sealed record ArtifactKeepPolicy
{
    /// <summary>How many of the best Complete trials keep their artifacts; null keeps every trial's, 0 none. 5 by default.</summary>
    public int? Top { get; init; } = 5;

    /// <summary>The most bytes the kept trials' distinct blobs may take together; no cap when null.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>The default: the 5 best Complete trials keep their artifacts.</summary>
    public static ArtifactKeepPolicy Default { get; } = new();

    /// <summary>Every trial keeps its artifacts, Complete or not.</summary>
    public static ArtifactKeepPolicy All { get; } = new() { Top = null };

    /// <summary>No trial keeps its artifacts once it has finished.</summary>
    public static ArtifactKeepPolicy None { get; } = new() { Top = 0 };

    /// <summary>Whether the policy never deletes anything.</summary>
    public bool KeepsEverything => Top is null && MaxBytes is null;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Top"/> or <see cref="MaxBytes"/> is negative.</exception>
    public void Validate()
    {
        if (Top is < 0)
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be 0 or more, or null to keep every trial's artifacts.");
        if (MaxBytes is < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "MaxBytes must be 0 or more, or null for no cap.");
    }
}
