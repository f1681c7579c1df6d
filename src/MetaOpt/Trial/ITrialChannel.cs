namespace MetaOpt;

/// <summary>
/// How a trial in a worker process reaches the real trial in the parent, which samples, stores and prunes: each call
/// is one round trip.
/// </summary>
internal interface ITrialChannel
{
    /// <summary>The internal value the parent's trial suggested for <paramref name="name"/>.</summary>
    /// <exception cref="InvalidSearchSpaceException">The parent refused the distribution.</exception>
    double Suggest(string name, Distribution distribution);

    void Report(double value, int step);

    bool ShouldPrune();

    void SetUserAttr(string key, object value);

    /// <summary>Hands the parent a file to keep as the trial's artifact; the parent reads it before it answers.</summary>
    ArtifactInfo SaveArtifact(string name, string path, string contentType);
}
