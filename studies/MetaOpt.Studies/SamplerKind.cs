namespace MetaOpt.Studies;

/// <summary>The samplers a study can name as its default; <see cref="SamplerRegistry"/> names and builds them.</summary>
public enum SamplerKind
{
    /// <summary>Tree-structured Parzen estimator; MOTPE for several objectives.</summary>
    Tpe,

    /// <summary>Independent uniform draws.</summary>
    Random,

    /// <summary>Every point of the study's grid, once.</summary>
    Grid,

    /// <summary>Gaussian-process Bayesian optimisation.</summary>
    Gp,

    /// <summary>Multivariate TPE over groups of parameters that always appear together: for conditional spaces.</summary>
    TpeGroup,

    /// <summary>Multivariate TPE over all parameters at once.</summary>
    TpeMultivariate,

    /// <summary>Scrambled Sobol points, one per trial.</summary>
    Qmc,

    /// <summary>CMA-ES with the margin for integer parameters.</summary>
    CmaEs,

    /// <summary>SMAC-style Bayesian optimisation with a random-forest surrogate: for categorical and conditional spaces.</summary>
    RandomForest,
    /// <summary>Particle swarm over the numeric parameters.</summary>
    ParticleSwarm,

    /// <summary>Globalized bounded Nelder-Mead with restarts.</summary>
    NelderMead,

    /// <summary>The GP while the history is small, TPE by groups for large histories and categorical or conditional spaces, MOTPE then NSGA-II for several objectives: the default.</summary>
    Auto,

    /// <summary>NSGA-II, the genetic algorithm for multi-objective studies: non-dominated sorting and crowding distance.</summary>
    NsgaII,
}
