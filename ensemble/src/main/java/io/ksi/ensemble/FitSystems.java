package io.ksi.ensemble;

import io.ksi.ensemble.system.LinearSystem;
import java.util.List;

/** A fit's accumulated sums: one system per time for the training pairs, and for the held-out pairs (null without). */
public record FitSystems(List<LinearSystem> train, List<LinearSystem> heldOut) {}
