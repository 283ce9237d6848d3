// Simulated booking providers. Each booking and each cancellation is recorded, so the README
// and the tests can see what a failed trip left behind (nothing).

export type BookingKind = "flight" | "hotel" | "car";

/** Open bookings by id. */
export const openBookings = new Map<string, { tripId: string; kind: BookingKind }>();

export function book(tripId: string, kind: BookingKind, bookingId: string, unavailable: boolean) {
  if (unavailable) throw new Error(`No ${kind} available for trip ${tripId}`);
  openBookings.set(bookingId, { tripId, kind });
  return bookingId;
}

export function cancel(bookingId: string): void {
  openBookings.delete(bookingId);
}
