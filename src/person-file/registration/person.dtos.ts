import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsString, Length, Matches } from 'class-validator';
import { IsPersonName } from './person-name.js';

/** POST /persons — field names are part of the product contract. */
export class RegisterPersonDto {
  @ApiProperty({ example: 'Aylin', description: 'any script, stored exactly as given' })
  @IsPersonName()
  givenName!: string;

  @ApiProperty({ example: 'Yılmaz-Özdemir' })
  @IsPersonName()
  familyName!: string;

  @ApiProperty({ example: '1991-04-17' })
  @IsISO8601({ strict: true }, { message: 'dateOfBirth must be a date like 1991-04-17' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date like 1991-04-17' })
  dateOfBirth!: string;

  @ApiProperty({ example: 'TR', description: 'ISO 3166-1 alpha-2; XX for stateless or unknown' })
  @Matches(/^[A-Z]{2}$/, { message: 'nationality must be an ISO 3166-1 alpha-2 code like TR' })
  nationality!: string;

  @ApiProperty({ example: 'Velbert' })
  @IsString()
  @Length(1, 100)
  municipality!: string;

  @ApiProperty({ example: ['tr', 'de'] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { each: true, message: 'languages must be codes like tr or de' })
  languages!: string[];

  @ApiProperty({ example: '§ 25 Abs. 2 AufenthG' })
  @IsString()
  @Length(1, 200)
  residenceStatus!: string;
}

export class ReasonDto {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
