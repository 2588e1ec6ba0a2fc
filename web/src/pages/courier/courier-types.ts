// The courier page's view of the API: the server's own schema types, imported type-only.
import type { TDeliveryOutcome, TDeliveryResult } from '../../../../src/modules/deliveries/delivery.schemas.js';
import type { TRoundItem, TTodaysRound } from '../../../../src/modules/deliveries/todays-round.js';

export type OutcomeElement = TDeliveryOutcome;
export type DeliveryResult = TDeliveryResult;
export type RoundItem = TRoundItem;
export type TodaysRound = TTodaysRound;
export { ACTIVATION_RESULTS, OUTCOMES, RECEIVERS } from '../../../../src/modules/deliveries/delivery.table.js';
export { FAILURE_REASONS } from '../../../../src/domain/failure-reasons.js';
