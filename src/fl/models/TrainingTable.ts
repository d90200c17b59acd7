/**
 * Standardised training rows as one row-major `Float64Array` (`x[row * featureCount + f]`) with 0/1 labels. Row-major
 * because stochastic gradient descent reads one row's features together; missing values are already 0 (the mean).
 */
export type TrainingTable = {
  readonly rowCount: number;
  readonly featureCount: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
};
