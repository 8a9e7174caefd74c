// Tiers
