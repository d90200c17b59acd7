/**
 * Cue words of the context rules (`findContextPhi`), written for this project: the words that announce a name or
 * a place next to them in nursing notes. Lower case, without trailing periods.
 */

/** Titles and roles that a name follows ("Dr. Reid", "MRS BRUCER", "per Suzette", "caseworker Olga"). */
export const NAME_TITLES: ReadonlySet<string> = new Set(
  `dr dr's drs doctor docter mr mrs ms miss np per caseworker chaplain`.split(/\s+/),
);
/** Titles that a surname always follows, even one that is also an ordinary word ("Dr. Foley", "Mr. White"). */
export const PERSONAL_TITLES: ReadonlySet<string> = new Set([
  'dr',
  "dr's",
  'drs',
  'doctor',
  'docter',
  'mr',
  'mrs',
]);

/** Words that follow a title without being a name ("dr aware", "drs. on rounds"). */
export const NOT_AFTER_TITLE: ReadonlySet<string> = new Set(
  `a an the and or of on in at to for from by with w re regarding about aware notified called paged here there
  team teams office order orders ordered rounds is was will who that this said says made rt`.split(/\s+/),
);

/** Credentials that follow a clinician's name ("J. Yi, MD", "Ed Foley CRT"). */
export const CREDENTIALS: ReadonlySet<string> = new Set(
  `md rn rrt crt sw np pa lpn licsw lcsw msw crnp`.split(/\s+/),
);

/** Prepositions before a place ("lives in", "transferred from"). */
export const PLACE_CUES: ReadonlySet<string> = new Set(['in', 'at', 'near', 'from']);

/** Words of living somewhere ("lives in Glenwood"). */
export const LIVES: ReadonlySet<string> = new Set([
  'lives',
  'living',
  'resides',
  'reside',
  'residing',
  'live',
  'home',
]);

/** Movement verbs before "to"/"from" a place ("transferred to", "medflighted from"). */
export const MOVED: ReadonlySet<string> = new Set(
  `admitted admit adm transferred transfered transfer trans xfer arrived sent medflight medflighted came
discharged dc dc'd screened accepted went returned presented amb ambulance ems transported taken go going back`.split(
    /\s+/,
  ),
);

/** Words after a name that say the person was told or called ("BEA TURA AWARE", "X Y CALLED TO BEDSIDE"). */
export const INFORMED: ReadonlySet<string> = new Set([
  'aware',
  'notified',
  'paged',
  'informed',
  'updated',
  'called',
  'contacted',
]);

/** Verbs of talking before "with"/"to" and a name ("spoke with Suzette"). */
export const SPOKE: ReadonlySet<string> = new Set([
  'spoke',
  'spoken',
  'talked',
  'met',
  'speaking',
  'talking',
  'discussed',
]);

/** Words that introduce a phone number after a name ("Lopie Certusi cell# 410-…"). */
export const CONTACT_WORDS: ReadonlySet<string> = new Set([
  'cell',
  'cell#',
  'home',
  'work',
  'phone',
  'tel',
  'ph',
  'beeper',
  'pager',
]);

/** Facility words that are part of the proper name ("Sacred Heart Memorial"), unlike "hospital". */
export const OWN_NAME_FACILITY: ReadonlySet<string> = new Set(['memorial', 'regional', 'general']);
