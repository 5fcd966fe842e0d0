/** Who is calling, as the use cases need it: the actor recorded in the ledger and on events. */
export interface Viewer {
  actorId: string | null;
}
