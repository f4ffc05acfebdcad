namespace DocStream.StreamProcessor.Consuming;

/// <summary>What writing one micro-batch did: documents upserted, poison messages and all dead letters written, and how long the upserts took.</summary>
public sealed record BatchOutcome(int Written, int Poison, int Letters, double WriteMs);
