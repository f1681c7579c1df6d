namespace MetaOpt.Studies;

/// <summary>
/// What a study needs on disk before it can run, given with <c>--data DIR</c>; a study package defines its own, the
/// launcher only names it in its help and errors.
/// </summary>
/// <param name="Name">What the data is called in <c>metaopt studies</c> and in errors, such as <c>MovieLens</c>.</param>
/// <param name="Directory">What folder <c>--data</c> takes, such as <c>unpacked ml-100k, ml-1m or ml-latest-small</c>.</param>
public sealed record DataRequirement(string Name, string Directory)
{
    /// <summary>Nothing: the study generates its data or needs none.</summary>
    public static DataRequirement None { get; } = new("none", "");
}
