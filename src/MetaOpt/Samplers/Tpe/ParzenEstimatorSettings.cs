namespace MetaOpt.Samplers.Tpe;

/// <summary>How a <see cref="ParzenEstimator"/> places and widens its kernels.</summary>
/// <param name="ConsiderPrior">Add a wide prior kernel (centre of the range, width of the range) to every mixture.</param>
/// <param name="PriorWeight">Weight of the prior kernel, relative to an observation's weight of about 1.</param>
/// <param name="ConsiderMagicClip">Keep numeric bandwidths at least range / min(100, 1 + kernels).</param>
/// <param name="ConsiderEndpoints">Let the outermost kernels also span the gap to the range's ends.</param>
/// <param name="Multivariate">One joint mixture over several parameters, with a bandwidth that shrinks with the dimension.</param>
internal sealed record ParzenEstimatorSettings(
    bool ConsiderPrior,
    double PriorWeight,
    bool ConsiderMagicClip,
    bool ConsiderEndpoints,
    bool Multivariate);
