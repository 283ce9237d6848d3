// A saga: book a flight, a hotel and a car. Every step that succeeded registers its undo; when a
// later step fails for good (a TerminalError), the undos run in reverse order and the trip ends
// with nothing booked. Each step and each undo is a journaled `ctx.run`, so a crash in the middle
// resumes where it stopped: no step runs twice, no undo is forgotten.
import { type Context, service, TerminalError } from "@resolute/core";
import { type BookingKind, book, cancel } from "./providers.js";

export interface TripRequest {
  tripId: string;
  /** For the example: a step whose provider has nothing available. */
  unavailable?: BookingKind;
}

const STEPS: BookingKind[] = ["flight", "hotel", "car"];

export const trips = service({
  name: "Trips",
  handlers: {
    book: async (ctx: Context, { tripId, unavailable }: TripRequest) => {
      const compensations: (() => Promise<void>)[] = [];
      try {
        const booked: string[] = [];
        for (const kind of STEPS) {
          const bookingId = `${tripId}-${kind}-${ctx.rand.uuidv4().slice(0, 8)}`;
          // Registered before the step: if the step's outcome is unknown, undoing is still safe.
          compensations.push(async () => {
            await ctx.run(`cancel ${kind}`, () => cancel(bookingId));
            ctx.console.info(`undone: ${kind} ${bookingId}`); // silent while replaying
          });
          await ctx.run(`book ${kind}`, () => {
            try {
              return book(tripId, kind, bookingId, kind === unavailable);
            } catch (error) {
              // Not worth retrying: make it terminal, which starts the compensation.
              throw new TerminalError((error as Error).message, { errorCode: 409 });
            }
          });
          booked.push(bookingId);
          ctx.console.info(`booked: ${kind} ${bookingId}`);
        }
        return booked;
      } catch (error) {
        if (error instanceof TerminalError) {
          for (const undo of compensations.reverse()) await undo();
        }
        throw error;
      }
    },
  },
});
