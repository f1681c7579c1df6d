namespace MetaOpt.Recommender;

/// <summary>The reference workload's bucketing of raw MovieLens attributes into categorical codes.</summary>
public static class FeatureBuckets
{
    private static readonly int[] AgeEdges = [18, 25, 35, 45, 50, 56];

    /// <summary>Number of age buckets.</summary>
    public const int AgeBucketCount = 7;

    /// <summary>Number of zip buckets (0 = not a digit, 1 + first digit otherwise).</summary>
    public const int ZipBucketCount = 11;

    /// <summary>Number of release-year buckets (0 = unknown, then 5-year buckets from 1920 to 1999).</summary>
    public const int YearBucketCount = 17;

    /// <summary>ML-1M-style age bucket: &lt;18, 18-24, 25-34, 35-44, 45-49, 50-55, 56+ (ML-1M's age codes map onto themselves).</summary>
    public static int Age(int age) => AgeEdges.Count(edge => age >= edge);

    /// <summary>1 + the zip code's first digit, or 0 when it does not start with a digit (foreign codes).</summary>
    public static int Zip(string zip) => zip.Length > 0 && char.IsAsciiDigit(zip[0]) ? 1 + (zip[0] - '0') : 0;

    /// <summary><c>1 + (clamp(year, 1920, 1999) - 1920) / 5</c>, or 0 for an unknown year.</summary>
    public static int Year(int? year) => year is int y ? 1 + (Math.Clamp(y, 1920, 1999) - 1920) / 5 : 0;
}
