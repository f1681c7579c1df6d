namespace MetaOpt.Recommender;

/// <summary>How the recommender learns to adapt to a new user.</summary>
public enum MetaAlgorithm
{
    /// <summary>MAML, second order: the meta-gradient flows through the inner SGD steps.</summary>
    Maml,

    /// <summary>First-order MAML: the query gradient at the adapted weights stands in for the meta-gradient.</summary>
    FoMaml,

    /// <summary>Reptile: adapt on support and query, move the initial weights towards the adapted ones.</summary>
    Reptile,

    /// <summary>Meta-SGD: MAML with a learned inner learning rate per adapted parameter entry.</summary>
    MetaSgd,

    /// <summary>No meta-learning: the global model trained on all meta-train ratings, fine-tuned per user.</summary>
    Transfer,
}
