namespace MetaOpt;

/// <summary>Settings of a <see cref="CmaEsSampler"/>; the defaults are Optuna's, except <see cref="WithMargin"/>.</summary>
/// <example>
/// <code>
/// var sampler = new CmaEsSampler(new CmaEsSamplerOptions { Seed = 1, RestartStrategy = CmaEsRestart.Ipop });
/// </code>
/// </example>
public sealed record CmaEsSamplerOptions
{
    /// <summary>Seed of every random draw; a random seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Candidates per generation (λ) of the first run; 4 + ⌊3 ln n⌋ for n parameters when null; at least 2.</summary>
    public int? PopulationSize { get; init; }

    /// <summary>Initial step size in the unit cube the parameters are mapped to; 1/6 when null (the whole range
    /// within three standard deviations of the centre); a positive number below 1. Ignored with a warm start, which
    /// takes its step size from the earlier studies.</summary>
    public double? Sigma0 { get; init; }

    /// <summary>What to do when a run stagnates.</summary>
    public CmaEsRestart RestartStrategy { get; init; } = CmaEsRestart.None;

    /// <summary>Factor of the population at each IPOP restart; at least 2.</summary>
    public int IncreasePopsize { get; init; } = 2;

    /// <summary>Keep integer and stepped parameters from freezing on one value (CMA-ES with margin, Hamano et al. 2022).
    /// On by default, unlike Optuna, which applies it only when asked.</summary>
    public bool WithMargin { get; init; } = true;

    /// <summary>The sampler of categorical parameters and of parameters outside the searched space (the first trial,
    /// conditional parameters); a <see cref="RandomSampler"/> of the same seed when null, as in Optuna.</summary>
    public ISampler? IndependentSampler { get; init; }

    /// <summary>Trials left to the independent sampler before CMA-ES starts; at least 0.</summary>
    public int StartupTrials { get; init; }

    /// <summary>Throws for a setting outside its range, naming it.</summary>
    internal void Validate()
    {
        if (PopulationSize is { } lambda)
            ArgumentOutOfRangeException.ThrowIfLessThan(lambda, 2, nameof(PopulationSize));
        if (Sigma0 is { } sigma && !(sigma > 0 && sigma < 1))
            throw new ArgumentOutOfRangeException(nameof(Sigma0), sigma, "Sigma0 must be a number between 0 and 1 (a step in the unit cube).");
        if (!Enum.IsDefined(RestartStrategy))
            throw new ArgumentOutOfRangeException(nameof(RestartStrategy), RestartStrategy, "RestartStrategy must be None or Ipop.");
        ArgumentOutOfRangeException.ThrowIfLessThan(IncreasePopsize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(StartupTrials, 0);
    }
}

/// <summary>Restarts of a <see cref="CmaEsSampler"/>.</summary>
public enum CmaEsRestart
{
    /// <summary>One run; a stagnated run keeps sampling its shrunken distribution.</summary>
    None,

    /// <summary>IPOP (Auger and Hansen 2005): a stagnated run is restarted at a random mean with the population multiplied by <see cref="CmaEsSamplerOptions.IncreasePopsize"/>.</summary>
    Ipop,
}
