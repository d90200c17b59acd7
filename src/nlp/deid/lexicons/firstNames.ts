/**
 * Common US given names, written for this project from general knowledge (no list was downloaded: the Census
 * name files are not available offline). Lower case. A dictionary hit is a tagger feature, not a verdict: many
 * names are also words ("will", "faith", "bill").
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `aaron abigail adam adrian agnes alan albert alex alexander alexandra alfred alice alicia allen allison amanda amber
  amy andrea andrew angela anita ann anna anne annie anthony antonio april arthur ashley audrey austin barbara barry
  beatrice ben benjamin bernard betty beverly bill billy bob bobby bonnie brad bradley brandon brenda brian bridget
  brittany bruce bryan carl carla carlos carmen carol carole caroline carolyn catherine cathy charles charlene charlie
  charlotte cheryl chris christina christine christopher cindy claire clara clarence claude clifford colleen connie
  craig crystal curtis cynthia dale dan dana daniel danielle danny darlene darren dave david dawn dean deborah debra
  denise dennis derek diana diane dolores dominic don donald donna doris dorothy doug douglas duane dustin earl ed
  eddie edith edna edward eileen elaine eleanor elizabeth ellen elsie emily emma eric erica erik ernest esther ethel
  eugene eva evelyn faye felix florence frances francis frank fred frederick gail gary gene geoffrey george gerald
  geraldine gertrude gilbert gina gladys glen glenn gloria gordon grace greg gregory gwen harold harriet harry
  hazel heather helen henry herbert herman holly howard ian ida irene iris isabel jack jackie jacob jacqueline james
  jamie jan jane janet janice jason jean jeanne jeff jeffrey jennifer jenny jeremy jerome jerry jesse jessica jill
  jim jimmy jo joan joann joanne joe joel john johnny jon jonathan jose joseph josephine joshua joy joyce juan judith
  judy julia julie june justin karen karl kate katherine kathleen kathryn kathy katie keith kelly ken kenneth kevin
  kim kimberly kristen kurt kyle larry laura lauren lawrence leah lee leo leon leonard leroy leslie lillian linda
  lisa lloyd lois lorraine louis louise lucille lucy luis lynn mabel marcia margaret maria marian marie marilyn mario
  marion marjorie mark marsha martha martin marvin mary matt matthew maureen max megan melanie melissa melvin michael
  michele michelle mike mildred milton miriam mitchell monica nancy naomi natalie nathan neil nicholas nick nicole
  norma norman oliver olivia oscar pamela pat patricia patrick paul paula pauline peggy penny peter philip phillip
  phyllis priscilla rachel ralph ramon randall randy ray raymond rebecca regina renee rhonda ricardo richard rick
  rita rob robert roberta robin roger roland ron ronald rosa rose rosemary ross roy ruby russell ruth ryan sally sam
  samantha samuel sandra sara sarah scott sean sharon sheila shirley sidney stanley stella stephanie stephen steve
  steven stuart sue susan suzanne sylvia tammy tanya ted teresa terry thelma theodore theresa thomas tim timothy
  tina todd tom tommy tony tracy travis valerie vera vernon veronica vicki victor victoria vincent violet
  virginia vivian wade walter wanda warren wayne wendy wesley willard william willie wilma yvonne zachary`
    .split(/\s+/)
    .filter(Boolean),
);
