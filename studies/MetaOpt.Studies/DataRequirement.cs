namespace MetaOpt.Studies;

/// <summary>What a study needs on disk before it can run.</summary>
public enum DataRequirement
{
    /// <summary>Nothing: the study generates its data or needs none.</summary>
    None,

    /// <summary>A MovieLens directory (100K, 1M or a "latest" set), given with <c>--data</c>.</summary>
    MovieLens,
}
