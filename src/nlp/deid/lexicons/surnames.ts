/**
 * Common US family names, written for this project from general knowledge (no list was downloaded). Lower case.
 * A dictionary hit is a tagger feature, not a verdict ("white", "young", "small" are also words).
 */
export const SURNAMES: ReadonlySet<string> = new Set(
  `adams alexander allen anderson bailey baker barnes bell bennett brooks brown bryant butler campbell carter
  clark coleman collins cook cooper cox cruz davis diaz edwards evans fisher flores foster garcia gomez gonzalez
  gray green hall harris hayes henderson hernandez hill howard hughes jackson james jenkins johnson jones
  kelly kennedy king lee lewis long lopez martin martinez miller mitchell moore morgan morris murphy myers nelson
  nguyen ortiz parker patterson perez perry peterson phillips powell price ramirez reed reyes richardson rivera
  roberts robinson rodriguez rogers ross russell sanchez sanders scott simmons smith stewart taylor thomas
  thompson torres turner walker ward washington watson white williams wilson wood wright young o'brien o'connor
  o'neil murray quinn walsh ryan doyle mccarthy kelley donovan fitzgerald brennan burke byrne callahan casey
  connolly daly dolan duffy dunn flanagan flynn gallagher hanley hogan keane kenny lynch
  mahoney malone mcdonald mcgrath mcmahon moran mullen nolan o'donnell o'leary reilly riley shea sheehan sweeney
  cohen goldberg levine katz schwartz rosen friedman kaplan shapiro weiss stein klein fischer schmidt schneider
  meyer wagner becker hoffman koch richter wolf schulz rossi russo ferrari esposito bianchi romano colombo ricci
  marino greco bruno gallo conti costa giordano mancini lombardi moretti kowalski nowak wisniewski
  lewandowski kaminski zielinski szymanski wojcik kim park choi chen wang li zhang liu yang huang zhao wu zhou
  patel shah singh kumar gupta sharma khan ali ahmed hassan santos silva oliveira pereira costa almeida`
    .split(/\s+/)
    .filter(Boolean),
);
