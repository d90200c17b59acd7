/**
 * Place words for the location rules and tagger features, written for this project from general knowledge: US
 * states (names and postal codes), large and Maryland-area cities (the corpus is from a Baltimore-area ICU), and the
 * words that name a facility or a street. Lower case.
 */
export const US_STATES: ReadonlySet<string> = new Set(
  `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
  indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
  montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode
  tennessee texas utah vermont virginia washington wisconsin wyoming`
    .split(/\s+/)
    .filter(Boolean),
);

/** Two-letter postal codes, matched only in upper case after a city and a comma (too many collide with words). */
export const US_STATE_CODES: ReadonlySet<string> = new Set(
  `AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA
  RI SC SD TN TX UT VT VA WA WV WI WY DC`.split(/\s+/),
);

/** Cities and towns. */
export const CITIES: ReadonlySet<string> = new Set(
  `baltimore annapolis columbia bethesda rockville frederick hagerstown salisbury
  silver spring laurel bowie ellicott glen burnie dundalk essex severna pikesville owings mills
  westminster aberdeen bel air cumberland easton cambridge ocean city chestertown washington boston new york
  philadelphia pittsburgh chicago houston dallas austin phoenix seattle portland denver atlanta miami orlando tampa
  detroit cleveland cincinnati columbus richmond norfolk charlotte raleigh nashville memphis louisville
  minneapolis milwaukee omaha kansas st louis new orleans san diego francisco jose los angeles sacramento las vegas
  salt lake honolulu anchorage albany buffalo hartford providence newark trenton wilmington dover harrisburg
  scranton allentown`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that follow a facility's proper name ("Holy Cross Hospital", "Keeley House"). */
export const FACILITY_WORDS: ReadonlySet<string> = new Set(
  `hospital hosp hospitals medical center ctr clinic clinics memorial rehab rehabilitation nursing house manor hospice
  institute infirmary facility nh snf ltac university univ general regional campus`
    .split(/\s+/)
    .filter(Boolean),
);

/** Street suffixes ("19 Clover St."). */
export const STREET_SUFFIXES: ReadonlySet<string> = new Set(
  `st street ave avenue rd road blvd boulevard dr drive ln lane ct court pl place way pkwy parkway hwy highway
  terrace ter circle cir sq square`
    .split(/\s+/)
    .filter(Boolean),
);
