package dev.seqtrain.config;

/** @param seasonalPeriod steps in one season for the seasonal naive baseline (24 for hourly data); 0 for none */
public record BaselinesConfig(int seasonalPeriod) {
}
