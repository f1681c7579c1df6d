namespace MetaOpt;

/// <summary>Whether a study looks for the smallest or the largest objective value.</summary>
public enum Direction
{
    /// <summary>Lower objective values are better.</summary>
    Minimize,

    /// <summary>Higher objective values are better.</summary>
    Maximize,
}
